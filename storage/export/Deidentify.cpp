#include "storage/export/Deidentify.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

namespace medsam::storage {

namespace {

enum class Act { Remove, Empty, Dummy };

// The rows of PS3.15 Table E.1-1 (Basic Profile column) for attributes a segmentation or its source images
// carry in practice. Where the table allows X/Z/D, X is taken, except for attributes a Segmentation IOD needs
// (Type 1: Content Date/Time, Device Serial Number), which get a dummy value.
const std::map<DcmTagKey, Act>& profile() {
    static const std::map<DcmTagKey, Act> table = {
        // Patient
        {DCM_PatientName, Act::Empty},
        {DCM_PatientID, Act::Empty},
        {DCM_PatientBirthDate, Act::Empty},
        {DCM_PatientSex, Act::Empty},
        {DCM_PatientBirthTime, Act::Remove},
        {DCM_PatientAge, Act::Remove},
        {DCM_PatientSize, Act::Remove},
        {DCM_PatientWeight, Act::Remove},
        {DCM_PatientAddress, Act::Remove},
        {DCM_PatientBirthName, Act::Remove},
        {DCM_PatientMotherBirthName, Act::Remove},
        {DCM_PatientTelephoneNumbers, Act::Remove},
        {DCM_RETIRED_OtherPatientIDs, Act::Remove},
        {DCM_OtherPatientNames, Act::Remove},
        {DCM_OtherPatientIDsSequence, Act::Remove},
        {DCM_EthnicGroup, Act::Remove},
        {DCM_Occupation, Act::Remove},
        {DCM_AdditionalPatientHistory, Act::Remove},
        {DCM_PatientComments, Act::Remove},
        {DCM_MilitaryRank, Act::Remove},
        {DCM_BranchOfService, Act::Remove},
        {DCM_RETIRED_MedicalRecordLocator, Act::Remove},
        {DCM_IssuerOfPatientID, Act::Remove},
        {DCM_PatientReligiousPreference, Act::Remove},
        {DCM_ResponsiblePerson, Act::Remove},
        {DCM_CountryOfResidence, Act::Remove},
        {DCM_RegionOfResidence, Act::Remove},
        {DCM_PatientState, Act::Remove},
        {DCM_PatientInstitutionResidence, Act::Remove},
        {DCM_CurrentPatientLocation, Act::Remove},
        {DCM_AdmissionID, Act::Remove},
        {DCM_AdmittingDiagnosesDescription, Act::Remove},
        {DCM_ReferencedPatientSequence, Act::Remove},
        // Study, series, acquisition: dates, times, identifiers, descriptions, people, places
        {DCM_StudyDate, Act::Empty},
        {DCM_StudyTime, Act::Empty},
        {DCM_StudyID, Act::Empty},
        {DCM_AccessionNumber, Act::Empty},
        {DCM_IssuerOfAccessionNumberSequence, Act::Remove},
        {DCM_ReferringPhysicianName, Act::Empty},
        {DCM_ReferringPhysicianAddress, Act::Remove},
        {DCM_ReferringPhysicianTelephoneNumbers, Act::Remove},
        {DCM_ReferringPhysicianIdentificationSequence, Act::Remove},
        {DCM_PhysiciansOfRecord, Act::Remove},
        {DCM_PhysiciansOfRecordIdentificationSequence, Act::Remove},
        {DCM_PerformingPhysicianName, Act::Remove},
        {DCM_NameOfPhysiciansReadingStudy, Act::Remove},
        {DCM_OperatorsName, Act::Remove},
        {DCM_RequestingPhysician, Act::Remove},
        {DCM_StudyDescription, Act::Remove},
        {DCM_SeriesDescription, Act::Remove},
        {DCM_ProtocolName, Act::Remove},
        {DCM_ImageComments, Act::Remove},
        {DCM_ReferencedStudySequence, Act::Remove},
        {DCM_ReferencedPerformedProcedureStepSequence, Act::Remove},
        {DCM_RequestAttributesSequence, Act::Remove},
        {DCM_PerformedProcedureStepID, Act::Remove},
        {DCM_PerformedProcedureStepStartDate, Act::Remove},
        {DCM_PerformedProcedureStepStartTime, Act::Remove},
        {DCM_PerformedProcedureStepDescription, Act::Remove},
        {DCM_PerformedLocation, Act::Remove},
        {DCM_ScheduledProcedureStepLocation, Act::Remove},
        {DCM_SeriesDate, Act::Remove},
        {DCM_SeriesTime, Act::Remove},
        {DCM_AcquisitionDate, Act::Remove},
        {DCM_AcquisitionTime, Act::Remove},
        {DCM_AcquisitionDateTime, Act::Remove},
        {DCM_InstanceCreationDate, Act::Remove},
        {DCM_InstanceCreationTime, Act::Remove},
        {DCM_TimezoneOffsetFromUTC, Act::Remove},
        {DCM_ContentDate, Act::Dummy},
        {DCM_ContentTime, Act::Dummy},
        {DCM_ContentCreatorName, Act::Empty},
        {DCM_PersonName, Act::Dummy},
        // Equipment and institution
        {DCM_InstitutionName, Act::Remove},
        {DCM_InstitutionAddress, Act::Remove},
        {DCM_InstitutionalDepartmentName, Act::Remove},
        {DCM_InstitutionCodeSequence, Act::Remove},
        {DCM_StationName, Act::Remove},
        {DCM_DeviceSerialNumber, Act::Dummy},
    };
    return table;
}

// UIDs that name a kind of thing, not an instance: they stay.
bool isClassUid(const DcmTagKey& tag, const OFString& value) {
    return tag == DCM_SOPClassUID || tag == DCM_ReferencedSOPClassUID || tag == DCM_MediaStorageSOPClassUID ||
           tag == DCM_TransferSyntaxUID || tag == DCM_ImplementationClassUID || tag == DCM_CodingSchemeUID ||
           tag == DCM_ContextGroupExtensionCreatorUID ||
           std::strncmp(value.c_str(), "1.2.840.10008.", 14) == 0;
}

std::string dummyFor(DcmEVR vr) {
    switch (vr) {
        case EVR_DA:
            return "19000101";
        case EVR_TM:
            return "000000";
        case EVR_DT:
            return "19000101000000";
        case EVR_PN:
            return "ANONYMOUS";
        default:
            return "0";
    }
}

void check(const OFCondition& c, const DcmTagKey& tag, const char* what) {
    if (c.bad())
        throw std::runtime_error(std::string("de-identification: cannot ") + what + " " +
                                 tag.toString().c_str() + ": " + c.text());
}

void walk(DcmItem& item, const DeidentifyOptions& options) {
    std::vector<DcmTagKey> remove;
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* e = item.getElement(i);
        const DcmTagKey tag = e->getTag();
        if (tag.isPrivate()) {  // the profile removes private attributes
            remove.push_back(tag);
            continue;
        }
        const auto rule = profile().find(tag);
        if (rule != profile().end()) {
            switch (rule->second) {
                case Act::Remove:
                    remove.push_back(tag);
                    break;
                case Act::Empty:
                    check(e->clear(), tag, "empty");
                    break;
                case Act::Dummy:
                    check(e->putString(dummyFor(e->ident()).c_str()), tag, "replace");
                    break;
            }
            continue;
        }
        if (e->ident() == EVR_SQ) {
            auto* sq = static_cast<DcmSequenceOfItems*>(e);
            for (unsigned long n = 0; n < sq->card(); ++n) walk(*sq->getItem(n), options);
            continue;
        }
        if (e->ident() == EVR_UI && !options.retainUids) {
            OFString value;
            e->getOFStringArray(value);
            if (value.empty() || isClassUid(tag, value)) continue;
            if (!options.replaceUid) throw std::runtime_error("de-identification: no UID replacement given");
            check(e->putString(options.replaceUid(value.c_str()).c_str()), tag, "replace UID");
        }
    }
    for (const auto& tag : remove) check(item.findAndDeleteElement(tag), tag, "remove");
}

}  // namespace

void deidentifyDataset(DcmItem& dataset, const DeidentifyOptions& options) {
    walk(dataset, options);
    check(dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES"), DCM_PatientIdentityRemoved, "set");
    const std::string method =
        std::string("DICOM PS3.15 E.1 Basic Application Level Confidentiality Profile") +
        (options.retainUids ? " with the Retain UIDs Option" : "") + "; MedSAM Agent Studio";
    check(dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str()), DCM_DeidentificationMethod,
          "set");
    dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    struct Code {
        const char* value;
        const char* meaning;
    };
    std::vector<Code> codes = {{"113100", "Basic Application Confidentiality Profile"}};
    if (options.retainUids) codes.push_back({"113110", "Retain UIDs Option"});
    for (std::size_t n = 0; n < codes.size(); ++n) {
        DcmItem* code = nullptr;
        check(dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2),
              DCM_DeidentificationMethodCodeSequence, "add an item to");
        check(code->putAndInsertString(DCM_CodeValue, codes[n].value), DCM_CodeValue, "set");
        check(code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM"), DCM_CodingSchemeDesignator, "set");
        check(code->putAndInsertString(DCM_CodeMeaning, codes[n].meaning), DCM_CodeMeaning, "set");
    }
}

}  // namespace medsam::storage
