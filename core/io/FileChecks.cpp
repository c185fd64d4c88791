#include "core/io/FileChecks.h"

#include <filesystem>
#include <system_error>

#include "core/io/ImageIoError.h"

namespace fs = std::filesystem;

namespace medsam::core::detail {

void requireRegularFile(const std::string& path, const std::string& role) {
    const std::string what = role.empty() ? std::string() : role + ": ";
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        // ELOOP (a symbolic link loop), EACCES on a parent folder, ENAMETOOLONG...
        throw ImageIoError(path, what + "cannot be opened (" + ec.message() + ")");
    }
    switch (status.type()) {
        case fs::file_type::regular:
            return;
        case fs::file_type::not_found:
        case fs::file_type::none:
            throw ImageIoError(path, what + "no such file");
        case fs::file_type::directory:
            throw ImageIoError(path, what + "is a folder, not a file");
        case fs::file_type::fifo:
            throw ImageIoError(path, what +
                                         "is a FIFO (named pipe), not a regular file: refused (reading it "
                                         "could block forever)");
        case fs::file_type::character:
        case fs::file_type::block:
            throw ImageIoError(path, what + "is a device, not a regular file: refused");
        case fs::file_type::socket:
            throw ImageIoError(path, what + "is a socket, not a regular file: refused");
        default:
            throw ImageIoError(path, what + "is not a regular file: refused");
    }
}

void requireWritableTarget(const std::string& path) {
    std::error_code ec;
    const fs::path target(path);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec)) {
        throw ImageIoError(path, "cannot write: folder " + folder.string() + " does not exist");
    }
    const fs::file_status status = fs::status(target, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw ImageIoError(path, "cannot write (" + ec.message() + ")");
    }
    if (status.type() != fs::file_type::not_found && status.type() != fs::file_type::none &&
        status.type() != fs::file_type::regular) {
        throw ImageIoError(path,
                           "cannot write: the path exists and is not a regular file (a folder, device, "
                           "FIFO or socket)");
    }
}

void requireValidGeometry(const std::string& path, const ImageGeometry& geometry) {
    const std::string why = geometry.geometryProblem();
    if (!why.empty()) throw ImageIoError(path, why);
}

}  // namespace medsam::core::detail
