<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Images (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MedSAM Agent Studio: view DICOM and NIfTI images, segment them with an agent, review and curate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A project (.db), a DICOM folder or file, or an image file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label map to show on the image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project to open, created when missing; PATH is added to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a PNG of the window once every view has drawn, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View layout: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size, e.g. 1400x900.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User interface language for this run: %1 (default: Settings, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanel</name>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLLM server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>served model name (API key from $MEDSAM_API_KEY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLLM model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent turns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the active label&apos;s target text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label values, e.g. 5,6 (Dice per step; the expert)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a box or a click with the AI prompt tool, then Run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: the agent acts; you can scroll, pause or stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: your prompts join the trajectory; Resume hands back to the agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished (%1). Accept (Enter) or Reject (Esc) the result, or prompt on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanelModel</name>
    <message>
        <source>the agent is already running: stop it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the first prompt with the AI prompt tool (a box or a click on a slice), then run the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the expert imitates a reference: load a label map and name its reference values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the agent&apos;s model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box-clicks</source>
        <extracomment>agent policy: a box, then corrective clicks</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box</source>
        <extracomment>agent policy: one box prompt only</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert</source>
        <extracomment>agent policy: simulated expert annotator that imitates the reference mask</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mllm</source>
        <extracomment>agent policy: the multimodal large language model agent on a server</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentTimelineModel</name>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IoU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply / error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptModel</name>
    <message>
        <source>(loads with the first prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segmenting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>AI segmentation (%n prompt(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptPanel</name>
    <message>
        <source>AI prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a box, click inside (positive) or right-click outside (negative) the structure on a slice view. The preview is drawn in yellow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) on slice %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, segmenting...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::CursorInspectionModel</name>
    <message>
        <source>No image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voxel [%1, %2, %3]   LPS (%4, %5, %6) mm   value %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   label %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   no label</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::ImageInfoModel</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing (mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin (LPS mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixel type (file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intensity range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableModel</name>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voxels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete label %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableWidget</name>
    <message>
        <source>Add label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read an ITK-SNAP label description file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the labels as an ITK-SNAP label description file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label descriptions (*.txt *.label);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot import the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label descriptions (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete label %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) carry this label; they become background (Undo brings them back).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Label is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock label %1 before deleting it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::MainWindow</name>
    <message>
        <source>The 3D view needs an OpenGL display (platform &apos;%1&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histogram and window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagate through the volume (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the last accepted slice, the agent (the policy above, box if none) segments the next slices up and down until the structure ends; one undo step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the propagation after the slice in progress (Cancel is in the status bar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open image or project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;DICOM folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save labels to project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export labels...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;label map...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save screens&amp;hot...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;AI prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Polygon / lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Propagate through the volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Propagated to %n slice(s); upwards it stopped at %1, downwards at %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n label mask(s) to the project</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout 1x3 + 3D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout 2x2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Axial only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coronal only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sagittal only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3D only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Window/level preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Window: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a &amp;SAM-family model folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SAM-family model folder (encoder.pt, decoder.pt, model.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the &amp;weight-free tool (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MedSAM Agent Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MedSAM Agent Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;MedSAM Agent Studio %1&lt;/b&gt;&lt;p&gt;Interactive segmentation of medical images by an agent and by people, recorded for training.&lt;/p&gt;&lt;p&gt;Qt %2, VTK, ITK, DCMTK, SQLite.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MedSAM Agent Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> [not in a project]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image or project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open DICOM folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects (*.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a project?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is not in a project yet. Create a project, add the image and save its labels there?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label maps (*.nii.gz *.nii *.nrrd *.mha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load label map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the screenshot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushModel</name>
    <message>
        <source>Eraser stroke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushPanel</name>
    <message>
        <source>Navigate (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI prompt (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polygon / lasso (P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in mm (else voxels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3D (a ball through slices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paint over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(new)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::PolygonModel</name>
    <message>
        <source>Polygon fill</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::PropagationReviewModel</name>
    <message>
        <source>to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slice %1  %2 px  %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject propagated slice %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a slice is being redone: wait for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slice %1&apos;s neighbour has no mask to start from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redoing slice %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo propagated slice %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redone slice %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::ReviewModel</name>
    <message>
        <source>Session %1&apos;s masks are %2x%3 but slice %4 of the image is %5x%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session %1 cannot be corrected here: it is not a slice session of the open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load session %1 for correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session %1 corrected in session %2: %3 pixels added, %4 removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesListModel</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesPickerDialog</name>
    <message>
        <source>Choose a DICOM series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This folder holds %n series. Choose the one to open.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::SessionBrowserModel</name>
    <message>
        <source>Not reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final Dice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewModel</name>
    <message>
        <source>Axial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewWidget</name>
    <message>
        <source>%1  %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::StudioModel</name>
    <message>
        <source>Label %1 stays in the project: recorded work uses it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove the label from the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI tool failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot redo the slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is still running: wait for it or cancel it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a project, a DICOM file or folder, or an image this program reads (NIfTI, NRRD, MetaImage, PNG, JPEG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the window and the histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding the image to the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the saved labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading DICOM headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making previews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the project&apos;s integrity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; open it instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the project has no image %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open an image first: a label map is shown on an image&apos;s grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load label map %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading label map %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image is not in a project: create one with File &gt; New project, then save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no label map to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export the labels to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot store the label in the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the prompt in the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the end of the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot propagate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accept an AI result on a slice first: propagation starts from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the expert imitates a reference: name its label values in the agent panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagating %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagating: %1 slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Propagation (%n slice(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Propagated slice %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::View3DWidget</name>
    <message>
        <source>Extracting surfaces</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medsam::ui::ViewerModel</name>
    <message>
        <source>Label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <extracomment>window/level preset: 0.5 and 99.5 intensity percentiles</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-brain</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-subdural</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-stroke</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-lung</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-mediastinum</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-abdomen</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-liver</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-bone</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ct-soft-tissue</source>
        <extracomment>CT window/level preset</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
