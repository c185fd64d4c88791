#pragma once

#include <string>

// Internal to core/io: MetaImage (.mha/.mhd) and NRRD (.nrrd/.nhdr) keep their header as text and may name a
// separate data file. Checked before ITK reads them, throwing ImageIoError naming the file:
// - the data file (MetaImage ElementDataFile, NRRD "data file") must be a regular file: a FIFO blocked
// forever;
// - MetaImage: ElementDataFile must be present; the voxel bytes must be there, always: uncompressed data is
//   counted, compressed data (CompressedData = True) is inflated to its end and must give exactly the size
//   the header needs. A missing LOCAL block or a wrong CompressedData flag used to load silently.
namespace medsam::core::detail {

void checkMetaImage(const std::string& path);
void checkNrrdDataFile(const std::string& path);

}  // namespace medsam::core::detail
