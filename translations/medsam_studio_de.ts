<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Images (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;All files (*)</source>
        <translation>Bilder (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>MedSAM Agent Studio: view DICOM and NIfTI images, segment them with an agent, review and curate.</source>
        <translation>MedSAM Agent Studio: DICOM- und NIfTI-Bilder ansehen, mit einem Agenten segmentieren, prüfen und kuratieren.</translation>
    </message>
    <message>
        <source>A project (.db), a DICOM folder or file, or an image file.</source>
        <translation>Ein Projekt (.db), ein DICOM-Ordner oder eine DICOM-Datei oder eine Bilddatei.</translation>
    </message>
    <message>
        <source>Label map to show on the image.</source>
        <translation>Labelkarte, die über dem Bild angezeigt wird.</translation>
    </message>
    <message>
        <source>Project to open, created when missing; PATH is added to it.</source>
        <translation>Zu öffnendes Projekt, wird angelegt, falls es fehlt; PATH wird ihm hinzugefügt.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once every view has drawn, then exit.</source>
        <translation>Ein PNG des Fensters speichern, sobald alle Ansichten gezeichnet sind, dann beenden.</translation>
    </message>
    <message>
        <source>View layout: %1.</source>
        <translation>Ansichtslayout: %1.</translation>
    </message>
    <message>
        <source>Window size, e.g. 1400x900.</source>
        <translation>Fenstergröße, z. B. 1400x900.</translation>
    </message>
    <message>
        <source>User interface language for this run: %1 (default: Settings, else the system&apos;s).</source>
        <translation>Sprache der Benutzeroberfläche für diesen Start: %1 (Standard: Einstellungen, sonst die des Systems).</translation>
    </message>
    <message>
        <source>Session of the project to select for review and replay.</source>
        <translation>Sitzung des Projekts, die zur Prüfung und Wiedergabe ausgewählt wird.</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AboutDialog</name>
    <message>
        <source>About MedSAM Agent Studio</source>
        <translation>Über MedSAM Agent Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedSAM Agent Studio %1&lt;/h3&gt;&lt;p&gt;Interactive segmentation of medical images by an AI agent and by people, reviewed, corrected and curated into training data (after arXiv 2602.03320, MedSAM-Agent).&lt;/p&gt;&lt;p&gt;Not a medical device: for research and dataset curation only.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MedSAM Agent Studio %1&lt;/h3&gt;&lt;p&gt;Interaktive Segmentierung medizinischer Bilder durch einen KI-Agenten und durch Menschen – geprüft, korrigiert und zu Trainingsdaten kuratiert (nach arXiv 2602.03320, MedSAM-Agent).&lt;/p&gt;&lt;p&gt;Kein Medizinprodukt: nur für Forschung und die Kuratierung von Datensätzen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>loaded on first use of a model</source>
        <translation>wird beim ersten Einsatz eines Modells geladen</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanel</name>
    <message>
        <source>Policy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>MLLM server</source>
        <translation>MLLM-Server</translation>
    </message>
    <message>
        <source>MLLM model</source>
        <translation>MLLM-Modell</translation>
    </message>
    <message>
        <source>Agent turns</source>
        <translation>Agentenrunden</translation>
    </message>
    <message>
        <source>default: the active label&apos;s target text</source>
        <translation>Standard: die Zielbeschreibung des aktiven Labels</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Zielstruktur</translation>
    </message>
    <message>
        <source>label values, e.g. 5,6 (Dice per step; the expert)</source>
        <translation>Labelwerte, z. B. 5,6 (Dice je Schritt; für den Experten)</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Einzelschritt</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Give a box or a click with the AI prompt tool, then Run.</source>
        <translation>Geben Sie mit dem KI-Prompt-Werkzeug eine Box oder einen Klick vor und klicken Sie dann auf „Starten“.</translation>
    </message>
    <message>
        <source>Running: the agent acts; you can scroll, pause or stop.</source>
        <translation>Läuft: Der Agent arbeitet; Sie können blättern, anhalten oder stoppen.</translation>
    </message>
    <message>
        <source>Paused: your prompts join the trajectory; Resume hands back to the agent.</source>
        <translation>Angehalten: Ihre Prompts werden Teil der Trajektorie; „Fortsetzen“ übergibt wieder an den Agenten.</translation>
    </message>
    <message>
        <source>Finished (%1). Accept (Enter) or Reject (Esc) the result, or prompt on.</source>
        <translation>Abgeschlossen (%1). Übernehmen Sie das Ergebnis (Eingabe) oder verwerfen Sie es (Esc), oder geben Sie weitere Prompts.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> Sek.</translation>
    </message>
    <message>
        <source>Seconds the MLLM server has for one request attempt (the command line&apos;s --timeout)</source>
        <translation>Sekunden, die der MLLM-Server für einen Anfrageversuch hat (--timeout der Kommandozeile)</translation>
    </message>
    <message>
        <source>MLLM timeout</source>
        <translation>MLLM-Zeitlimit</translation>
    </message>
    <message>
        <source>Extra attempts after a connection error, a timeout or a server error (--retries)</source>
        <translation>Weitere Versuche nach einem Verbindungsfehler, einer Zeitüberschreitung oder einem Serverfehler (--retries)</translation>
    </message>
    <message>
        <source>MLLM retries</source>
        <translation>MLLM-Wiederholungen</translation>
    </message>
    <message>
        <source>served model name</source>
        <translation>Name des bereitgestellten Modells</translation>
    </message>
    <message>
        <source>from $MEDSAM_API_KEY or the desktop keychain</source>
        <translation>aus $MEDSAM_API_KEY oder dem Schlüsselbund des Desktops</translation>
    </message>
    <message>
        <source>Remember in the keychain</source>
        <translation>Im Schlüsselbund merken</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanelModel</name>
    <message>
        <source>the agent is already running: stop it first</source>
        <translation>Der Agent läuft bereits: Stoppen Sie ihn zuerst</translation>
    </message>
    <message>
        <source>give the first prompt with the AI prompt tool (a box or a click on a slice), then run the agent</source>
        <translation>Geben Sie den ersten Prompt mit dem KI-Prompt-Werkzeug (eine Box oder ein Klick auf eine Schicht) und starten Sie dann den Agenten</translation>
    </message>
    <message>
        <source>the expert imitates a reference: load a label map and name its reference values</source>
        <translation>Der Experte ahmt eine Referenz nach: Laden Sie eine Labelkarte und geben Sie ihre Referenzwerte an</translation>
    </message>
    <message>
        <source>Loading the agent&apos;s model</source>
        <translation>Modell des Agenten wird geladen</translation>
    </message>
    <message>
        <source>box-clicks</source>
        <extracomment>agent policy: a box, then corrective clicks</extracomment>
        <translation>Box + Klicks</translation>
    </message>
    <message>
        <source>box</source>
        <extracomment>agent policy: one box prompt only</extracomment>
        <translation>Nur Box</translation>
    </message>
    <message>
        <source>expert</source>
        <extracomment>agent policy: simulated expert annotator that imitates the reference mask</extracomment>
        <translation>Experte (ahmt die Referenz nach)</translation>
    </message>
    <message>
        <source>mllm</source>
        <extracomment>agent policy: the multimodal large language model agent on a server</extracomment>
        <translation>MLLM-Agent</translation>
    </message>
    <message>
        <source>learned (built-in)</source>
        <extracomment>agent policy: the compact network trained here and shipped with the program</extracomment>
        <translation>gelernt (eingebaut)</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentTimelineModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Maske</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Reply / error</source>
        <translation>Antwort / Fehler</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptModel</name>
    <message>
        <source>(loads with the first prompt)</source>
        <translation>(wird mit dem ersten Prompt geladen)</translation>
    </message>
    <message>
        <source>Preparing the slice</source>
        <translation>Schicht wird vorbereitet</translation>
    </message>
    <message>
        <source>Segmenting</source>
        <translation>Segmentierung läuft</translation>
    </message>
    <message numerus="yes">
        <source>AI segmentation (%n prompt(s))</source>
        <translation>
            <numerusform>KI-Segmentierung (%n Prompt)</numerusform>
            <numerusform>KI-Segmentierung (%n Prompts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptPanel</name>
    <message>
        <source>AI prompt</source>
        <translation>KI-Prompt</translation>
    </message>
    <message>
        <source>Drag a box, click inside (positive) or right-click outside (negative) the structure on a slice view. The preview is drawn in yellow.</source>
        <translation>Ziehen Sie in einer Schichtansicht eine Box auf, klicken Sie in die Struktur (positiv) oder mit der rechten Maustaste außerhalb (negativ). Die Vorschau wird gelb dargestellt.</translation>
    </message>
    <message>
        <source>Accept (Enter)</source>
        <translation>Übernehmen (Eingabe)</translation>
    </message>
    <message>
        <source>Reject (Esc)</source>
        <translation>Verwerfen (Esc)</translation>
    </message>
    <message>
        <source>Tool: %1</source>
        <translation>Werkzeug: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) on slice %1</source>
        <translation>
            <numerusform>%n Prompt auf Schicht %1</numerusform>
            <numerusform>%n Prompts auf Schicht %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, segmenting...</source>
        <translation>, Segmentierung läuft …</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ApiKeyStore</name>
    <message>
        <source>API key from the environment ($MEDSAM_API_KEY or $OPENAI_API_KEY)</source>
        <translation>API-Schlüssel aus der Umgebung ($MEDSAM_API_KEY oder $OPENAI_API_KEY)</translation>
    </message>
    <message>
        <source>API key from the desktop keychain</source>
        <translation>API-Schlüssel aus dem Schlüsselbund des Desktops</translation>
    </message>
    <message>
        <source>No API key: type one, or set $MEDSAM_API_KEY</source>
        <translation>Kein API-Schlüssel: geben Sie einen ein oder setzen Sie $MEDSAM_API_KEY</translation>
    </message>
    <message>
        <source>No keychain available (%1): set $MEDSAM_API_KEY, or type the key for this session</source>
        <translation>Kein Schlüsselbund verfügbar (%1): setzen Sie $MEDSAM_API_KEY oder geben Sie den Schlüssel für diese Sitzung ein</translation>
    </message>
    <message>
        <source>No API key</source>
        <translation>Kein API-Schlüssel</translation>
    </message>
    <message>
        <source>API key for this session only</source>
        <translation>API-Schlüssel nur für diese Sitzung</translation>
    </message>
    <message>
        <source>API key saved in the desktop keychain</source>
        <translation>API-Schlüssel im Schlüsselbund des Desktops gespeichert</translation>
    </message>
    <message>
        <source>The key was not saved: no keychain available (%1); it serves this session only, or set $MEDSAM_API_KEY</source>
        <translation>Der Schlüssel wurde nicht gespeichert: kein Schlüsselbund verfügbar (%1); er gilt nur für diese Sitzung, oder setzen Sie $MEDSAM_API_KEY</translation>
    </message>
    <message>
        <source>API key removed</source>
        <translation>API-Schlüssel entfernt</translation>
    </message>
    <message>
        <source>The keychain entry could not be removed (%1)</source>
        <translation>Der Eintrag im Schlüsselbund konnte nicht entfernt werden (%1)</translation>
    </message>
</context>
<context>
    <name>medsam::ui::CursorInspectionModel</name>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>voxel [%1, %2, %3]   LPS (%4, %5, %6) mm   value %7</source>
        <translation>Voxel [%1, %2, %3]   LPS (%4, %5, %6) mm   Wert %7</translation>
    </message>
    <message>
        <source>   label %1 %2</source>
        <translation>   Label %1 %2</translation>
    </message>
    <message>
        <source>   no label</source>
        <translation>   kein Label</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ExportDialog</name>
    <message>
        <source>Export curated sessions</source>
        <translation>Kuratierte Sitzungen exportieren</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Zielordner</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>Export into</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Sessions whose latest review is</source>
        <translation>Sitzungen, deren letzte Prüfung lautet</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>Formate</translation>
    </message>
    <message>
        <source>SFT conversations (LLaMA-Factory JSONL with the step pictures)</source>
        <translation>SFT-Dialoge (LLaMA-Factory-JSONL mit den Bildern jedes Schritts)</translation>
    </message>
    <message>
        <source>RL rows (image and reference mask per task)</source>
        <translation>RL-Zeilen (Bild und Referenzmaske je Aufgabe)</translation>
    </message>
    <message>
        <source>Label maps (NIfTI and NRRD, one per image)</source>
        <translation>Labelkarten (NIfTI und NRRD, eine je Bild)</translation>
    </message>
    <message>
        <source>DICOM SEG beside the label map of each DICOM image</source>
        <translation>DICOM SEG neben der Labelkarte jedes DICOM-Bildes</translation>
    </message>
    <message>
        <source>The summary appears here when the export has finished.</source>
        <translation>Die Zusammenfassung erscheint hier, sobald der Export abgeschlossen ist.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>Export abbrechen</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Export nicht möglich: %1</translation>
    </message>
    <message>
        <source>Patient identity</source>
        <translation>Patientenidentität</translation>
    </message>
    <message>
        <source>SFT conversations and RL rows never carry patient identity: cases and sessions are named by pseudonyms keyed with this project&apos;s secret.</source>
        <translation>SFT-Dialoge und RL-Zeilen enthalten nie die Identität von Patienten: Fälle und Sitzungen tragen Pseudonyme, die mit dem Geheimnis dieses Projekts verschlüsselt sind.</translation>
    </message>
    <message>
        <source>De-identify DICOM SEG files (DICOM PS3.15 Basic Confidentiality Profile) and leave source paths out of the manifest</source>
        <translation>DICOM-SEG-Dateien de-identifizieren (DICOM PS3.15 Basic Confidentiality Profile) und Quellpfade nicht ins Manifest schreiben</translation>
    </message>
    <message>
        <source>Keep the study, series and instance UIDs (Retain UIDs Option)</source>
        <translation>Studien-, Serien- und Instanz-UIDs behalten (Retain UIDs Option)</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ExportModel</name>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The export was cancelled; the folder may hold part of it.</source>
        <translation>Der Export wurde abgebrochen; der Ordner kann einen Teil davon enthalten.</translation>
    </message>
    <message>
        <source>open a project first: the export reads its sessions</source>
        <translation>Öffnen Sie zuerst ein Projekt: Der Export liest dessen Sitzungen</translation>
    </message>
    <message>
        <source>choose an output folder</source>
        <translation>Wählen Sie einen Zielordner</translation>
    </message>
    <message>
        <source>choose at least one format</source>
        <translation>Wählen Sie mindestens ein Format</translation>
    </message>
    <message>
        <source>choose at least one review status</source>
        <translation>Wählen Sie mindestens einen Prüfstatus</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 ist eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>Exporting sessions to %1</source>
        <translation>Sitzungen werden nach %1 exportiert</translation>
    </message>
    <message>
        <source>another job is running; try again when it has finished</source>
        <translation>Ein anderer Vorgang läuft; versuchen Sie es erneut, wenn er beendet ist</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n session(s)</source>
        <translation>
            <numerusform>%n Sitzung exportiert</numerusform>
            <numerusform>%n Sitzungen exportiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n SFT conversation(s)</source>
        <translation>
            <numerusform>  %n SFT-Dialog</numerusform>
            <numerusform>  %n SFT-Dialoge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n RL row(s)</source>
        <translation>
            <numerusform>  %n RL-Zeile</numerusform>
            <numerusform>  %n RL-Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n label map(s)</source>
        <translation>
            <numerusform>  %n Labelkarte</numerusform>
            <numerusform>  %n Labelkarten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n DICOM SEG file(s)</source>
        <translation>
            <numerusform>  %n DICOM-SEG-Datei</numerusform>
            <numerusform>  %n DICOM-SEG-Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped: %n</source>
        <translation>
            <numerusform>Übersprungen: %n</numerusform>
            <numerusform>Übersprungen: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Manifest with the SHA-256 of every file: %1</source>
        <translation>Manifest mit der SHA-256-Prüfsumme jeder Datei: %1</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ImageInfoModel</name>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Dateiformat</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe (Voxel)</translation>
    </message>
    <message>
        <source>Spacing (mm)</source>
        <translation>Voxelabstand (mm)</translation>
    </message>
    <message>
        <source>Origin (LPS mm)</source>
        <translation>Ursprung (LPS, mm)</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtungsmatrix</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Series description</source>
        <translation>Serienbeschreibung</translation>
    </message>
    <message>
        <source>Series UID</source>
        <translation>Serien-UID</translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation>Transfersyntax</translation>
    </message>
    <message>
        <source>Pixel type (file)</source>
        <translation>Pixeltyp (Datei)</translation>
    </message>
    <message>
        <source>Intensity range</source>
        <translation>Intensitätsbereich</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableModel</name>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperre</translation>
    </message>
    <message>
        <source>Voxels</source>
        <translation>Voxelanzahl</translation>
    </message>
    <message>
        <source>Target text</source>
        <translation>Zielbeschreibung</translation>
    </message>
    <message>
        <source>Delete label %1</source>
        <translation>Label %1 löschen</translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableWidget</name>
    <message>
        <source>Add label</source>
        <translation>Label hinzufügen</translation>
    </message>
    <message>
        <source>Delete label</source>
        <translation>Label löschen</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Read an ITK-SNAP label description file</source>
        <translation>Eine ITK-SNAP-Labelbeschreibungsdatei einlesen</translation>
    </message>
    <message>
        <source>Write the labels as an ITK-SNAP label description file</source>
        <translation>Die Labels als ITK-SNAP-Labelbeschreibungsdatei schreiben</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>Labels importieren</translation>
    </message>
    <message>
        <source>Label descriptions (*.txt *.label);;All files (*)</source>
        <translation>Labelbeschreibungen (*.txt *.label);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import the labels</source>
        <translation>Die Labels können nicht importiert werden</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>Labelbeschreibungen exportieren</translation>
    </message>
    <message>
        <source>Label descriptions (*.txt)</source>
        <translation>Labelbeschreibungen (*.txt)</translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation>Die Labelbeschreibungen können nicht exportiert werden</translation>
    </message>
    <message>
        <source>Delete label %1?</source>
        <translation>Label %1 löschen?</translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) carry this label; they become background (Undo brings them back).</source>
        <translation>
            <numerusform>%n Voxel trägt dieses Label; es wird zu Hintergrund („Rückgängig“ stellt es wieder her).</numerusform>
            <numerusform>%n Voxel tragen dieses Label; sie werden zu Hintergrund („Rückgängig“ stellt sie wieder her).</numerusform>
        </translation>
    </message>
    <message>
        <source>Label is locked</source>
        <translation>Label ist gesperrt</translation>
    </message>
    <message>
        <source>Unlock label %1 before deleting it.</source>
        <translation>Entsperren Sie Label %1, bevor Sie es löschen.</translation>
    </message>
</context>
<context>
    <name>medsam::ui::MainWindow</name>
    <message>
        <source>The 3D view needs an OpenGL display (platform &apos;%1&apos;)</source>
        <translation>Die 3D-Ansicht benötigt eine OpenGL-Anzeige (Plattform „%1“)</translation>
    </message>
    <message>
        <source>Image information</source>
        <translation>Bildinformationen</translation>
    </message>
    <message>
        <source>Histogram and window</source>
        <translation>Histogramm und Fensterung</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>Deckkraft der Überlagerung</translation>
    </message>
    <message>
        <source>Outline only</source>
        <translation>Nur Umriss</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>AI</source>
        <translation>KI</translation>
    </message>
    <message>
        <source>From the last accepted slice, the agent (the policy above, box if none) segments the next slices up and down until the structure ends; one undo step.</source>
        <translation>Ausgehend von der zuletzt übernommenen Schicht segmentiert der Agent (mit der Strategie oben, sonst „Nur Box“) die nächsten Schichten aufwärts und abwärts, bis die Struktur endet; ein Rückgängig-Schritt.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Pause the propagation after the slice in progress (Cancel is in the status bar)</source>
        <translation>Die Propagation nach der laufenden Schicht anhalten („Abbrechen“ befindet sich in der Statusleiste)</translation>
    </message>
    <message>
        <source>Accept slice</source>
        <translation>Schicht übernehmen</translation>
    </message>
    <message>
        <source>Reject slice</source>
        <translation>Schicht verwerfen</translation>
    </message>
    <message>
        <source>Redo slice</source>
        <translation>Schicht neu berechnen</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Open image or project...</source>
        <translation>Bild oder Projekt ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;DICOM folder...</source>
        <translation>&amp;DICOM-Ordner öffnen …</translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation>&amp;Neues Projekt …</translation>
    </message>
    <message>
        <source>Open &amp;project...</source>
        <translation>&amp;Projekt öffnen …</translation>
    </message>
    <message>
        <source>&amp;Save labels to project</source>
        <translation>Labels im Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Export labels...</source>
        <translation>Labels &amp;exportieren …</translation>
    </message>
    <message>
        <source>Load &amp;label map...</source>
        <translation>&amp;Labelkarte laden …</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Save screens&amp;hot...</source>
        <translation>Bildsc&amp;hirmfoto speichern …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>R&amp;adierer</translation>
    </message>
    <message>
        <source>&amp;AI prompt</source>
        <translation>&amp;KI-Prompt</translation>
    </message>
    <message>
        <source>&amp;Polygon / lasso</source>
        <translation>P&amp;olygon / Lasso</translation>
    </message>
    <message>
        <source>&amp;Propagate through the volume</source>
        <translation>Durch das &amp;Volumen propagieren</translation>
    </message>
    <message numerus="yes">
        <source>Propagated to %n slice(s); upwards it stopped at %1, downwards at %2</source>
        <translation>
            <numerusform>Auf %n Schicht propagiert; aufwärts endete sie bei %1, abwärts bei %2</numerusform>
            <numerusform>Auf %n Schichten propagiert; aufwärts endete sie bei %1, abwärts bei %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n label mask(s) to the project</source>
        <translation>
            <numerusform>%n Labelmaske im Projekt gespeichert</numerusform>
            <numerusform>%n Labelmasken im Projekt gespeichert</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Layout 1x3 + 3D</source>
        <translation>Anordnung 1x3 + 3D</translation>
    </message>
    <message>
        <source>Layout 2x2</source>
        <translation>Anordnung 2x2</translation>
    </message>
    <message>
        <source>Axial only</source>
        <translation>Nur axial</translation>
    </message>
    <message>
        <source>Coronal only</source>
        <translation>Nur koronal</translation>
    </message>
    <message>
        <source>Sagittal only</source>
        <translation>Nur sagittal</translation>
    </message>
    <message>
        <source>3D only</source>
        <translation>Nur 3D</translation>
    </message>
    <message>
        <source>&amp;Reset views</source>
        <translation>Ansichten &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Window/level preset</source>
        <translation>&amp;Fensterungsvorgabe</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>Use a &amp;SAM-family model folder...</source>
        <translation>Modellordner der &amp;SAM-Familie verwenden …</translation>
    </message>
    <message>
        <source>SAM-family model folder (encoder.pt, decoder.pt, model.json)</source>
        <translation>Modellordner der SAM-Familie (encoder.pt, decoder.pt, model.json)</translation>
    </message>
    <message>
        <source>Use the &amp;weight-free tool (default)</source>
        <translation>&amp;Gewichtsfreies Werkzeug verwenden (Standard)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About MedSAM Agent Studio</source>
        <translation>&amp;Über MedSAM Agent Studio</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>MedSAM Agent Studio</source>
        <translation>MedSAM Agent Studio</translation>
    </message>
    <message>
        <source>Open image or project</source>
        <translation>Bild oder Projekt öffnen</translation>
    </message>
    <message>
        <source>Open DICOM folder</source>
        <translation>DICOM-Ordner öffnen</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Projects (*.db);;All files (*)</source>
        <translation>Projekte (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Projects (*.db)</source>
        <translation>Projekte (*.db)</translation>
    </message>
    <message>
        <source>Create a project?</source>
        <translation>Projekt anlegen?</translation>
    </message>
    <message>
        <source>The image is not in a project yet. Create a project, add the image and save its labels there?</source>
        <translation>Das Bild gehört noch zu keinem Projekt. Ein Projekt anlegen, das Bild hinzufügen und seine Labels dort speichern?</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>Labels exportieren</translation>
    </message>
    <message>
        <source>Label maps (*.nii.gz *.nii *.nrrd *.mha)</source>
        <translation>Labelkarten (*.nii.gz *.nii *.nrrd *.mha)</translation>
    </message>
    <message>
        <source>Load label map</source>
        <translation>Labelkarte laden</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Cannot save the screenshot</source>
        <translation>Das Bildschirmfoto kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Propagate through the volume</source>
        <translation>Durch das Volumen propagieren</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Session %1: %2</source>
        <translation>Sitzung %1: %2</translation>
    </message>
    <message>
        <source>Export curated sessions</source>
        <translation>Kuratierte Sitzungen exportieren</translation>
    </message>
    <message>
        <source>open a project first: the export reads its sessions</source>
        <translation>Öffnen Sie zuerst ein Projekt: Der Export liest dessen Sitzungen</translation>
    </message>
    <message>
        <source>Project overview</source>
        <translation>Projektübersicht</translation>
    </message>
    <message>
        <source>open a project first</source>
        <translation>Öffnen Sie zuerst ein Projekt</translation>
    </message>
    <message>
        <source>Export curated &amp;sessions...</source>
        <translation>Kuratierte &amp;Sitzungen exportieren …</translation>
    </message>
    <message>
        <source>Active &amp;label</source>
        <translation>Aktives &amp;Label</translation>
    </message>
    <message>
        <source>Label in row %1</source>
        <translation>Label in Zeile %1</translation>
    </message>
    <message>
        <source>A&amp;gent</source>
        <translation>A&amp;gent</translation>
    </message>
    <message>
        <source>&amp;Run the agent</source>
        <translation>Agent &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Pause / resume the agent</source>
        <translation>Agent &amp;anhalten / fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Step the agent one turn</source>
        <translation>Agent eine Runde &amp;weiterführen</translation>
    </message>
    <message>
        <source>S&amp;top the agent</source>
        <translation>Agent &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Next slice</source>
        <translation>&amp;Nächste Schicht</translation>
    </message>
    <message>
        <source>P&amp;revious slice</source>
        <translation>&amp;Vorherige Schicht</translation>
    </message>
    <message>
        <source>&amp;Sessions browser</source>
        <translation>&amp;Sitzungsübersicht</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Fensterung:</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>&amp;Projekt</translation>
    </message>
    <message>
        <source>&amp;Overview...</source>
        <translation>Ü&amp;bersicht …</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The new language applies at the next start.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts...</source>
        <translation>&amp;Tastenkürzel …</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Approve the session and go to the next</source>
        <translation>Sitzung freigeben und zur nächsten wechseln</translation>
    </message>
    <message>
        <source>Reject the session and go to the next</source>
        <translation>Sitzung ablehnen und zur nächsten wechseln</translation>
    </message>
    <message>
        <source>Mark the session for correction and correct it</source>
        <translation>Sitzung zur Korrektur markieren und korrigieren</translation>
    </message>
    <message>
        <source>Next session</source>
        <translation>Nächste Sitzung</translation>
    </message>
    <message>
        <source>Previous session</source>
        <translation>Vorherige Sitzung</translation>
    </message>
    <message>
        <source>not in a project</source>
        <translation>nicht in einem Projekt</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushModel</name>
    <message>
        <source>Eraser stroke</source>
        <translation>Radierstrich</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushPanel</name>
    <message>
        <source>Navigate (N)</source>
        <translation>Navigieren (N)</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>Pinsel (B)</translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation>Radierer (E)</translation>
    </message>
    <message>
        <source>AI prompt (A)</source>
        <translation>KI-Prompt (A)</translation>
    </message>
    <message>
        <source>Polygon / lasso (P)</source>
        <translation>Polygon / Lasso (P)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>in mm (else voxels)</source>
        <translation>in mm (sonst Voxel)</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Rund</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>Quadratisch</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>3D (a ball through slices)</source>
        <translation>3D (eine Kugel über mehrere Schichten)</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Aktives Label</translation>
    </message>
    <message>
        <source>Paint over</source>
        <translation>Übermalen</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>Alle Labels</translation>
    </message>
    <message>
        <source>Background only</source>
        <translation>Nur Hintergrund</translation>
    </message>
    <message>
        <source>Only %1</source>
        <translation>Nur %1</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>(neu)</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PolygonModel</name>
    <message>
        <source>Polygon fill</source>
        <translation>Polygonfüllung</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ProjectOverviewDialog</name>
    <message>
        <source>Project overview</source>
        <translation>Projektübersicht</translation>
    </message>
    <message>
        <source>%1 image(s), %2 label(s), %3 session(s)</source>
        <translation>Bilder: %1, Labels: %2, Sitzungen: %3</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Sessions with Dice</source>
        <translation>Sitzungen mit Dice-Wert</translation>
    </message>
    <message>
        <source>Mean final Dice</source>
        <translation>Mittlerer finaler Dice-Wert</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Mean Dice after each step, per policy (sessions with a reference)</source>
        <translation>Mittlerer Dice-Wert nach jedem Schritt, je Strategie (Sitzungen mit Referenz)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>mean Dice</source>
        <translation>mittlerer Dice-Wert</translation>
    </message>
    <message>
        <source>No session has a Dice yet: Dice needs a reference label map.</source>
        <translation>Noch keine Sitzung hat einen Dice-Wert: Dafür ist eine Referenz-Labelkarte nötig.</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PropagationReviewModel</name>
    <message>
        <source>to review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>übernommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>redone</source>
        <translation>neu berechnet</translation>
    </message>
    <message>
        <source>slice %1  %2 px  %3</source>
        <translation>Schicht %1  %2 px  %3</translation>
    </message>
    <message>
        <source>Reject propagated slice %1</source>
        <translation>Propagierte Schicht %1 verwerfen</translation>
    </message>
    <message>
        <source>a slice is being redone: wait for it</source>
        <translation>Eine Schicht wird gerade neu berechnet: Bitte warten Sie darauf</translation>
    </message>
    <message>
        <source>slice %1&apos;s neighbour has no mask to start from</source>
        <translation>Die Nachbarschicht von Schicht %1 hat keine Maske als Ausgangspunkt</translation>
    </message>
    <message>
        <source>Redoing slice %1</source>
        <translation>Schicht %1 wird neu berechnet</translation>
    </message>
    <message>
        <source>Redo propagated slice %1</source>
        <translation>Propagierte Schicht %1 neu berechnen</translation>
    </message>
    <message>
        <source>Redone slice %1</source>
        <translation>Schicht %1 neu berechnet</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ReviewModel</name>
    <message>
        <source>Session %1&apos;s masks are %2x%3 but slice %4 of the image is %5x%6</source>
        <translation>Die Masken von Sitzung %1 sind %2x%3 groß, Schicht %4 des Bildes aber %5x%6</translation>
    </message>
    <message>
        <source>Session %1 cannot be corrected here: it is not a slice session of the open image</source>
        <translation>Sitzung %1 kann hier nicht korrigiert werden: Sie ist keine Schicht-Sitzung des geöffneten Bildes</translation>
    </message>
    <message>
        <source>Load session %1 for correction</source>
        <translation>Sitzung %1 zur Korrektur laden</translation>
    </message>
    <message>
        <source>Session %1 corrected in session %2: %3 pixels added, %4 removed</source>
        <translation>Sitzung %1 in Sitzung %2 korrigiert: %3 Pixel hinzugefügt, %4 entfernt</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesListModel</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation>Voxelabstand</translation>
    </message>
    <message>
        <source>Slices</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesPickerDialog</name>
    <message>
        <source>Choose a DICOM series</source>
        <translation>DICOM-Serie auswählen</translation>
    </message>
    <message numerus="yes">
        <source>This folder holds %n series. Choose the one to open.</source>
        <translation>
            <numerusform>Dieser Ordner enthält %n Serie. Wählen Sie die zu öffnende aus.</numerusform>
            <numerusform>Dieser Ordner enthält %n Serien. Wählen Sie die zu öffnende aus.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::SessionBrowserModel</name>
    <message>
        <source>Not reviewed</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>In Prüfung</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation>Korrektur erforderlich</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Turn limit</source>
        <translation>Rundenlimit erreicht</translation>
    </message>
    <message>
        <source>Format error</source>
        <translation>Formatfehler</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label / Ziel</translation>
    </message>
    <message>
        <source>Actors</source>
        <translation>Akteure</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Final Dice</source>
        <translation>Finaler Dice-Wert</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer/in</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet am</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SessionsPanel</name>
    <message>
        <source>Search image, label, target, people, comments...</source>
        <translation>Bild, Label, Ziel, Personen, Kommentare durchsuchen …</translation>
    </message>
    <message>
        <source>Any review status</source>
        <translation>Jeder Prüfstatus</translation>
    </message>
    <message>
        <source>Any label</source>
        <translation>Jedes Label</translation>
    </message>
    <message>
        <source>Any actor</source>
        <translation>Jeder Akteur</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
    <message>
        <source>Any policy</source>
        <translation>Jede Strategie</translation>
    </message>
    <message>
        <source>Any tool</source>
        <translation>Jedes Werkzeug</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Jedes Ergebnis</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>Erster Schritt</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Vorheriger Schritt</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>Abspielen / anhalten</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Letzter Schritt</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> Schritte/s</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Wiedergabegeschwindigkeit</translation>
    </message>
    <message>
        <source>The model&apos;s raw reply for this step (none for a person&apos;s or the expert&apos;s step)</source>
        <translation>Die unveränderte Antwort des Modells zu diesem Schritt (keine bei Schritten einer Person oder des Experten)</translation>
    </message>
    <message>
        <source>Review comment (optional)</source>
        <translation>Prüfkommentar (optional)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation>Korrektur erforderlich</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>Korrektur speichern</translation>
    </message>
    <message>
        <source>Record the edited mask as a correction session linked to this one</source>
        <translation>Die bearbeitete Maske als Korrektursitzung speichern, die mit dieser verknüpft ist</translation>
    </message>
    <message>
        <source>Stop correcting</source>
        <translation>Korrektur beenden</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Open a project to review its sessions.</source>
        <translation>Öffnen Sie ein Projekt, um seine Sitzungen zu prüfen.</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) match</source>
        <translation>
            <numerusform>%n Sitzung passt</numerusform>
            <numerusform>%n Sitzungen passen</numerusform>
        </translation>
    </message>
    <message>
        <source>This session has no steps.</source>
        <translation>Diese Sitzung hat keine Schritte.</translation>
    </message>
    <message>
        <source>Select a session to replay it.</source>
        <translation>Wählen Sie eine Sitzung, um sie wiederzugeben.</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3 by %4</source>
        <translation>Schritt %1 von %2: %3 durch %4</translation>
    </message>
    <message>
        <source>, Dice %1</source>
        <translation>, Dice %1</translation>
    </message>
    <message>
        <source>, error: %1</source>
        <translation>, Fehler: %1</translation>
    </message>
    <message>
        <source>Any reviewer</source>
        <translation>Jede Prüferin / jeder Prüfer</translation>
    </message>
    <message>
        <source>Dice ≥ </source>
        <translation>Dice ≥ </translation>
    </message>
    <message>
        <source>Any Dice</source>
        <translation>Jeder Dice-Wert</translation>
    </message>
    <message>
        <source>Only sessions whose final Dice is at least this (sessions with a reference)</source>
        <translation>Nur Sitzungen, deren finaler Dice-Wert mindestens so hoch ist (Sitzungen mit Referenz)</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ShortcutsDialog</name>
    <message>
        <source>Sessions panel (when it has the focus)</source>
        <translation>Sitzungsbereich (wenn er den Fokus hat)</translation>
    </message>
    <message>
        <source>Main window</source>
        <translation>Hauptfenster</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Click a shortcut and press the new keys; Backspace clears it. Changes apply at once.</source>
        <translation>Klicken Sie auf ein Tastenkürzel und drücken Sie die neuen Tasten; die Rücktaste löscht es. Änderungen gelten sofort.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Restore all defaults</source>
        <translation>Alle Standardwerte wiederherstellen</translation>
    </message>
    <message>
        <source>%1 is already the shortcut of &quot;%2&quot;; choose another key or change that one first.</source>
        <translation>%1 ist bereits das Tastenkürzel von „%2“; wählen Sie eine andere Taste oder ändern Sie zuerst jenes.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now %2.</source>
        <translation>„%1“ ist jetzt %2.</translation>
    </message>
    <message>
        <source>without a shortcut</source>
        <translation>ohne Tastenkürzel</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewModel</name>
    <message>
        <source>Axial</source>
        <translation>Axial</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>Koronal</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>Sagittal</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewWidget</name>
    <message>
        <source>%1  %2/%3</source>
        <translation>%1  %2/%3</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>W %1  L %2</translation>
    </message>
</context>
<context>
    <name>medsam::ui::StudioModel</name>
    <message>
        <source>Label %1 stays in the project: recorded work uses it</source>
        <translation>Label %1 bleibt im Projekt: Aufgezeichnete Arbeit verwendet es</translation>
    </message>
    <message>
        <source>Cannot remove the label from the project</source>
        <translation>Das Label kann nicht aus dem Projekt entfernt werden</translation>
    </message>
    <message>
        <source>The AI tool failed</source>
        <translation>Das KI-Werkzeug ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot redo the slice</source>
        <translation>Die Schicht kann nicht neu berechnet werden</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is still running: wait for it or cancel it first</source>
        <translation>„%1“ läuft noch: Warten Sie darauf oder brechen Sie es zuerst ab</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1: Datei oder Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>%1: not a project, a DICOM file or folder, or an image this program reads (NIfTI, NRRD, MetaImage, PNG, JPEG)</source>
        <translation>%1: weder ein Projekt noch eine DICOM-Datei bzw. ein DICOM-Ordner noch ein Bild, das dieses Programm lesen kann (NIfTI, NRRD, MetaImage, PNG, JPEG)</translation>
    </message>
    <message>
        <source>Computing the window and the histogram</source>
        <translation>Fensterung und Histogramm werden berechnet</translation>
    </message>
    <message>
        <source>Adding the image to the project</source>
        <translation>Bild wird dem Projekt hinzugefügt</translation>
    </message>
    <message>
        <source>Reading the saved labels</source>
        <translation>Gespeicherte Labels werden gelesen</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation>%1 wird durchsucht</translation>
    </message>
    <message>
        <source>Reading DICOM headers</source>
        <translation>DICOM-Header werden gelesen</translation>
    </message>
    <message>
        <source>Making previews</source>
        <translation>Vorschauen werden erstellt</translation>
    </message>
    <message>
        <source>Loading %1 slices</source>
        <translation>%1 Schichten werden geladen</translation>
    </message>
    <message>
        <source>Decoding slices</source>
        <translation>Schichten werden dekodiert</translation>
    </message>
    <message>
        <source>Cannot open project %1</source>
        <translation>Projekt %1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opening project %1</source>
        <translation>Projekt %1 wird geöffnet</translation>
    </message>
    <message>
        <source>Checking the project&apos;s integrity</source>
        <translation>Integrität des Projekts wird geprüft</translation>
    </message>
    <message>
        <source>Cannot create project %1</source>
        <translation>Projekt %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1 already exists; open it instead</source>
        <translation>%1 existiert bereits; öffnen Sie es stattdessen</translation>
    </message>
    <message>
        <source>Creating project %1</source>
        <translation>Projekt %1 wird angelegt</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>Das Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>the project has no image %1</source>
        <translation>Das Projekt enthält kein Bild %1</translation>
    </message>
    <message>
        <source>Cannot load %1</source>
        <translation>%1 kann nicht geladen werden</translation>
    </message>
    <message>
        <source>open an image first: a label map is shown on an image&apos;s grid</source>
        <translation>Öffnen Sie zuerst ein Bild: Eine Labelkarte wird auf dem Raster eines Bildes angezeigt</translation>
    </message>
    <message>
        <source>Cannot load label map %1</source>
        <translation>Labelkarte %1 kann nicht geladen werden</translation>
    </message>
    <message>
        <source>Loading label map %1</source>
        <translation>Labelkarte %1 wird geladen</translation>
    </message>
    <message>
        <source>Cannot save the labels</source>
        <translation>Die Labels können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>the image is not in a project: create one with File &gt; New project, then save</source>
        <translation>Das Bild gehört zu keinem Projekt: Legen Sie mit „Datei &gt; Neues Projekt“ eines an und speichern Sie dann</translation>
    </message>
    <message>
        <source>Saving the labels</source>
        <translation>Labels werden gespeichert</translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation>Die Labels können nicht exportiert werden</translation>
    </message>
    <message>
        <source>there is no label map to export</source>
        <translation>Es gibt keine Labelkarte zum Exportieren</translation>
    </message>
    <message>
        <source>Cannot export the labels to %1</source>
        <translation>Die Labels können nicht nach %1 exportiert werden</translation>
    </message>
    <message>
        <source>Exporting the labels</source>
        <translation>Labels werden exportiert</translation>
    </message>
    <message>
        <source>Cannot store the label in the project</source>
        <translation>Das Label kann nicht im Projekt gespeichert werden</translation>
    </message>
    <message>
        <source>Cannot record the prompt in the project</source>
        <translation>Der Prompt kann nicht im Projekt aufgezeichnet werden</translation>
    </message>
    <message>
        <source>Cannot record the end of the session</source>
        <translation>Das Ende der Sitzung kann nicht aufgezeichnet werden</translation>
    </message>
    <message>
        <source>Cannot propagate</source>
        <translation>Propagation nicht möglich</translation>
    </message>
    <message>
        <source>accept an AI result on a slice first: propagation starts from it</source>
        <translation>Übernehmen Sie zuerst ein KI-Ergebnis auf einer Schicht: Die Propagation geht von ihm aus</translation>
    </message>
    <message>
        <source>the expert imitates a reference: name its label values in the agent panel</source>
        <translation>Der Experte ahmt eine Referenz nach: Geben Sie deren Labelwerte im Agentenbereich an</translation>
    </message>
    <message>
        <source>Propagation failed</source>
        <translation>Propagation fehlgeschlagen</translation>
    </message>
    <message>
        <source>Propagating %1</source>
        <translation>%1 wird propagiert</translation>
    </message>
    <message>
        <source>Propagating: %1 slices</source>
        <translation>Propagation: %1 Schichten</translation>
    </message>
    <message numerus="yes">
        <source>Propagation (%n slice(s))</source>
        <translation>
            <numerusform>Propagation (%n Schicht)</numerusform>
            <numerusform>Propagation (%n Schichten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Propagated slice %1</source>
        <translation>Schicht %1 propagiert</translation>
    </message>
    <message>
        <source>Cannot save the window</source>
        <translation>Die Fensterung kann nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>medsam::ui::View3DWidget</name>
    <message>
        <source>Extracting surfaces</source>
        <translation>Oberflächen werden extrahiert</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ViewerModel</name>
    <message>
        <source>Label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>ct-brain</source>
        <translation>CT Gehirn</translation>
    </message>
    <message>
        <source>ct-subdural</source>
        <translation>CT Subdural</translation>
    </message>
    <message>
        <source>ct-stroke</source>
        <translation>CT Schlaganfall</translation>
    </message>
    <message>
        <source>ct-lung</source>
        <translation>CT Lunge</translation>
    </message>
    <message>
        <source>ct-mediastinum</source>
        <translation>CT Mediastinum</translation>
    </message>
    <message>
        <source>ct-abdomen</source>
        <translation>CT Abdomen</translation>
    </message>
    <message>
        <source>ct-liver</source>
        <translation>CT Leber</translation>
    </message>
    <message>
        <source>ct-bone</source>
        <translation>CT Knochen</translation>
    </message>
    <message>
        <source>ct-soft-tissue</source>
        <translation>CT Weichteile</translation>
    </message>
</context>
</TS>
