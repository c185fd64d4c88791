#include "core/io/FileChecks.h"

#include <cstdlib>
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

std::uint64_t maxImageBytes(const LoadOptions& options) {
    if (options.maxImageBytes > 0) return options.maxImageBytes;
    if (const char* env = std::getenv("MEDSAM_MAX_IMAGE_BYTES"); env && *env) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(env, &end, 10);
        if (end != env && *end == '\0' && v > 0) return v;
    }
    return std::uint64_t(16) << 30;
}

void requireWithinMemoryLimit(const std::string& path, std::uint64_t voxels, const LoadOptions& options,
                              const std::string& what) {
    const std::uint64_t limit = maxImageBytes(options);
    if (voxels > limit / sizeof(float)) {
        throw ImageIoError(path, what + " would need " + std::to_string(voxels) + " voxels (" +
                                     std::to_string(voxels / (1 << 20) * sizeof(float)) +
                                     " MiB as float), over the limit of " + std::to_string(limit >> 20) +
                                     " MiB ($MEDSAM_MAX_IMAGE_BYTES or LoadOptions::maxImageBytes)");
    }
}

void requireValidGeometry(const std::string& path, const ImageGeometry& geometry) {
    const std::string why = geometry.geometryProblem();
    if (!why.empty()) throw ImageIoError(path, why);
}

}  // namespace medsam::core::detail
