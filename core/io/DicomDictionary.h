#pragma once

namespace medsam::core {

// DCMTK parses its text data dictionaries on first use, once per process: Debian's dicom.dic and private.dic
// together cost ~28 ms of CPU, more than dcm2niix needs to convert a whole 20-slice series, and private.dic
// is ~18 ms of it (dicom.dic alone: ~8 ms). No reader here needs a private tag's name or VR (private elements
// of implicit-VR files are read as UN and skipped), so a program calls this first thing in main(), before any
// thread starts (it may set an environment variable): DCMTK then loads its default dictionaries without
// private.dic. A DCMDICTPATH the user has set is left as it is. Returns whether it changed anything.
bool skipPrivateDicomDictionary();

}  // namespace medsam::core
