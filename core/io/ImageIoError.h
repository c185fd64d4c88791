#pragma once

#include <stdexcept>
#include <string>

namespace medsam::core {

// Every failure to read or write an image: the message names the file (or folder) and what is wrong with it,
// so a caller can show it as is ("brain_007.dcm: truncated DICOM file (...)").
class ImageIoError : public std::runtime_error {
public:
    ImageIoError(const std::string& path, const std::string& problem)
        : std::runtime_error(path + ": " + problem), path_(path) {}

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Thrown when a caller's cancel flag stops a long load. Not an ImageIoError: nothing is wrong with the files.
class LoadCancelled : public std::runtime_error {
public:
    LoadCancelled() : std::runtime_error("image loading was cancelled") {}
};

}  // namespace medsam::core
