#pragma once

#include <cstddef>
#include <string>

// Internal to core/io: PNG and JPEG are decoded once here, with error handlers of our own, before ITK reads
// them. ITK 5.2's PNGImageIO/JPEGImageIO install no usable error handler: libpng/libjpeg longjmp into an
// unset jump buffer (abort) or carry on into garbage (segfault) on a truncated file, a bad IHDR, zero size, a
// missing palette or random bytes after the JPEG start marker. A file that decodes completely here is safe
// for ITK; anything else is an ImageIoError naming the file and libpng's/libjpeg's reason.
namespace medsam::core::detail {

void checkPng(const std::string& path);
// The first `count` bytes of the file (fewer when it is shorter; empty when it cannot be opened).
std::string leadingBytes(const std::string& path, std::size_t count);
// Corrupt-data warnings (premature end of data, extraneous bytes) count as errors too: libjpeg would fill the
// rest with grey and the image would load as something the file does not hold.
void checkJpeg(const std::string& path);

}  // namespace medsam::core::detail
