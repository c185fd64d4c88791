#include "core/io/RasterCheck.h"

#include <png.h>
// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/io/ImageIoError.h"

namespace medsam::core::detail {

// Bounds on what a 2D file may claim before anything is allocated for it (the decoders allocate from the
// header): 65535 x 65535 grey pixels is 4 GiB.
namespace {
constexpr unsigned long long kMaxRasterPixels = 1ULL << 30;
}

std::string leadingBytes(const std::string& path, std::size_t count) {
    std::string bytes(count, '\0');
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return {};
    bytes.resize(std::fread(bytes.data(), 1, count, file));
    std::fclose(file);
    return bytes;
}

void checkPng(const std::string& path) {
    // libpng's simplified API keeps its own jump buffer: every error returns 0 with a message.
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_file(&image, path.c_str()) == 0) {
        const std::string why = image.message;
        png_image_free(&image);
        throw ImageIoError(path, "not a readable PNG file (" + why + ")");
    }
    const unsigned long long pixels = 1ULL * image.width * image.height;
    if (pixels == 0 || pixels > kMaxRasterPixels) {
        png_image_free(&image);
        throw ImageIoError(path, "PNG claims " + std::to_string(image.width) + "x" +
                                     std::to_string(image.height) + " pixels (must be 1 to 2^30)");
    }
    image.format = PNG_FORMAT_GRAY;
    std::vector<unsigned char> buffer(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, buffer.data(), 0, nullptr) == 0) {
        const std::string why = image.message;
        png_image_free(&image);
        throw ImageIoError(path, "corrupt PNG data (" + why + ")");
    }
    png_image_free(&image);
}

namespace {

struct JpegError {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool corrupt = false;
};

[[noreturn]] void jpegErrorExit(j_common_ptr info) {
    auto* error = reinterpret_cast<JpegError*>(info->err);
    (*info->err->format_message)(info, error->message);
    std::longjmp(error->jump, 1);
}

void jpegEmit(j_common_ptr info, int level) {
    // level -1: a corrupt-data warning. Keep the first one's text; trace messages (level >= 0) are ignored.
    auto* error = reinterpret_cast<JpegError*>(info->err);
    if (level < 0 && !error->corrupt) {
        error->corrupt = true;
        (*info->err->format_message)(info, error->message);
    }
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// No C++ object with a destructor is created between setjmp and the last libjpeg call: longjmp skips them.
bool decodeJpeg(std::FILE* file, JpegError& error, unsigned char* row, std::size_t rowBytes,
                unsigned long long& pixels) {
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&error.mgr);
    error.mgr.error_exit = jpegErrorExit;
    error.mgr.emit_message = jpegEmit;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    jpeg_create_decompress(&info);
    jpeg_stdio_src(&info, file);
    jpeg_read_header(&info, TRUE);
    pixels = 1ULL * info.image_width * info.image_height;
    if (pixels == 0 || pixels > kMaxRasterPixels) {
        jpeg_destroy_decompress(&info);
        return true;  // the caller reports the size
    }
    info.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&info);
    if (std::size_t(info.output_width) * std::size_t(info.output_components) > rowBytes) {
        std::snprintf(error.message, sizeof error.message, "row wider than its header says");
        jpeg_destroy_decompress(&info);
        return false;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&info, rows, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return true;
}

}  // namespace

void checkJpeg(const std::string& path) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw ImageIoError(path, "cannot open file");
    // JPEG rows are at most 65535 pixels of up to 4 components.
    std::vector<unsigned char> row(65535u * 4u);
    auto error = std::make_unique<JpegError>();
    unsigned long long pixels = 0;
    if (!decodeJpeg(file.get(), *error, row.data(), row.size(), pixels)) {
        throw ImageIoError(path, std::string("not a readable JPEG file (") + error->message + ")");
    }
    if (pixels == 0 || pixels > kMaxRasterPixels) {
        throw ImageIoError(path, "JPEG claims " + std::to_string(pixels) + " pixels (must be 1 to 2^30)");
    }
    if (error->corrupt) throw ImageIoError(path, std::string("corrupt JPEG data (") + error->message + ")");
}

}  // namespace medsam::core::detail
