#include "core/io/VolumeIo.h"

// ITK stays in this file: its templates are slow to compile and callers only need core types.
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <itkJPEGImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>
#include <itkPNGImageIOFactory.h>
#include <itkRGBPixel.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "core/io/DicomSeries.h"
#include "core/io/FileChecks.h"
#include "core/io/Nifti2Reader.h"
#include "core/io/NiftiWriter.h"
#include "core/io/RasterCheck.h"
#include "core/io/TextHeaderCheck.h"

namespace fs = std::filesystem;

namespace medsam::core {
namespace {

using ItkFloat3 = itk::Image<float, 3>;
using ItkLabel3 = itk::Image<std::uint16_t, 3>;

// Explicit registration instead of include(${ITK_USE_FILE}): only the formats we support, and no global
// compile definitions leaking into every target.
void registerItkFactories() {
    static std::once_flag once;
    std::call_once(once, [] {
        itk::NiftiImageIOFactory::RegisterOneFactory();
        itk::NrrdImageIOFactory::RegisterOneFactory();
        itk::MetaImageIOFactory::RegisterOneFactory();
        itk::PNGImageIOFactory::RegisterOneFactory();
        itk::JPEGImageIOFactory::RegisterOneFactory();
    });
}

std::string lowerName(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return name;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// ITK messages carry a file:line prefix and a stack of locations; the description is what a person needs.
std::string itkWhy(const itk::ExceptionObject& e) {
    std::string why = e.GetDescription();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return why;
}

ImageGeometry geometryOf(const ItkFloat3& image) {
    ImageGeometry g;
    const auto size = image.GetLargestPossibleRegion().GetSize();
    for (unsigned a = 0; a < 3; ++a) {
        g.size[a] = static_cast<int>(size[a]);
        g.spacing[a] = image.GetSpacing()[a];
        g.origin[a] = image.GetOrigin()[a];
        for (unsigned c = 0; c < 3; ++c) g.direction[a * 3 + c] = image.GetDirection()[a][c];
    }
    return g;
}

template <typename ItkImage>
typename ItkImage::Pointer toItk(const ImageGeometry& g) {
    auto image = ItkImage::New();
    typename ItkImage::RegionType region;
    typename ItkImage::SpacingType spacing;
    typename ItkImage::PointType origin;
    typename ItkImage::DirectionType direction;
    for (unsigned a = 0; a < 3; ++a) {
        region.SetSize(a, static_cast<itk::SizeValueType>(g.size[a]));
        spacing[a] = g.spacing[a];
        origin[a] = g.origin[a];
        for (unsigned c = 0; c < 3; ++c) direction[a][c] = g.direction[a * 3 + c];
    }
    image->SetRegions(region);
    image->SetSpacing(spacing);
    image->SetOrigin(origin);
    image->SetDirection(direction);
    image->Allocate();
    return image;
}

std::string formatFromName(const std::string& name) {
    for (const char* ext : {".nii", ".nii.gz", ".hdr", ".img", ".hdr.gz", ".img.gz"}) {
        if (endsWith(name, ext)) return "NIfTI";
    }
    if (endsWith(name, ".nrrd") || endsWith(name, ".nhdr")) return "NRRD";
    if (endsWith(name, ".mha") || endsWith(name, ".mhd")) return "MetaImage";
    if (endsWith(name, ".png")) return "PNG";
    if (endsWith(name, ".jpg") || endsWith(name, ".jpeg")) return "JPEG";
    return {};
}

// Reads any file ITK knows into float voxels with its exact geometry.
Volume readWithItk(const std::string& path, const LoadOptions& options) {
    registerItkFactories();
    detail::requireRegularFile(path);
    if (endsWith(lowerName(path), ".gz")) detail::checkGzipIntegrity(path);
    if (detail::isNifti2(path)) return detail::readNifti2(path, options);
    const std::string byName = formatFromName(lowerName(path));
    if (byName == "NIfTI") detail::checkNifti1(path);
    if (byName == "MetaImage") detail::checkMetaImage(path);
    if (byName == "NRRD") detail::checkNrrdDataFile(path);
    // PNG and JPEG are decoded by our error-checked path first. By name and by content: ITK picks a reader by
    // content too, and JPEGImageIO::CanReadFile alone already crashes on a two-byte "FF D8" file.
    const std::string magic = detail::leadingBytes(path, 8);
    if (byName == "PNG" || magic.rfind("\x89PNG\r\n\x1a\n", 0) == 0) detail::checkPng(path);
    if (byName == "JPEG" || magic.rfind("\xFF\xD8", 0) == 0) detail::checkJpeg(path);
    auto io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
    if (!io) {
        throw ImageIoError(path,
                           "not an image file this program can read (no NIfTI, NRRD, MetaImage, PNG, JPEG or "
                           "DICOM header recognised)");
    }
    try {
        io->SetFileName(path);
        io->ReadImageInformation();
    } catch (const itk::ExceptionObject& e) {
        throw ImageIoError(path, "cannot read the image header (" + itkWhy(e) + ")");
    }
    const unsigned dims = io->GetNumberOfDimensions();
    for (unsigned d = 3; d < dims; ++d) {
        if (io->GetDimensions(d) > 1) {
            std::string size;
            for (unsigned a = 0; a < dims; ++a) size += (a ? "x" : "") + std::to_string(io->GetDimensions(a));
            throw ImageIoError(path,
                               std::to_string(dims) + "D image (" + size +
                                   ") is not supported: only 2D and 3D images can be segmented; extract one "
                                   "volume first");
        }
    }
    std::uint64_t voxels = 1;
    for (unsigned a = 0; a < std::min(dims, 3u); ++a) voxels *= io->GetDimensions(a);
    detail::requireWithinMemoryLimit(path, voxels, options, "the image");
    // Colour PNG/JPEG become luminance; other multi-component data (NIfTI vectors in dim[5], tensors) would
    // be silently mixed, and ITK 5.2 overruns its buffer on some of them (nifti-reader-js 5D_small.nii).
    const auto pixelType = io->GetPixelType();
    const bool colour = pixelType == itk::IOPixelEnum::RGB || pixelType == itk::IOPixelEnum::RGBA;
    if (io->GetNumberOfComponents() > 1 && !colour) {
        throw ImageIoError(path, "multi-component image (" + std::to_string(io->GetNumberOfComponents()) +
                                     " values per voxel, " +
                                     itk::ImageIOBase::GetPixelTypeAsString(pixelType) +
                                     ") is not supported: only scalar and RGB images can be read");
    }
    auto reader = itk::ImageFileReader<ItkFloat3>::New();
    reader->SetFileName(path);
    reader->SetImageIO(io);
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw ImageIoError(path, "cannot read the image data (" + itkWhy(e) + ")");
    }
    ItkFloat3* image = reader->GetOutput();
    Volume volume;
    const ImageGeometry g = geometryOf(*image);
    detail::requireValidGeometry(path, g);
    const float* begin = image->GetBufferPointer();
    volume.image = Image<float>(g, std::vector<float>(begin, begin + g.voxelCount()));
    volume.metadata["format"] = formatFromName(lowerName(path));
    volume.metadata["source"] = path;
    volume.metadata["orientation"] = g.orientationCode();
    volume.metadata["componentType"] = itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType());
    const bool eightBit = io->GetComponentType() == itk::IOComponentEnum::UCHAR;
    volume.eightBit = eightBit;
    if (colour && eightBit && g.size[2] == 1) {
        // The exact bytes of a colour photograph, for the model's pictures and the SAM tool (issue 12); the
        // luminance above stays the image's intensities. A second decode, only for 2D colour files.
        using ItkRgb3 = itk::Image<itk::RGBPixel<unsigned char>, 3>;
        auto rgbReader = itk::ImageFileReader<ItkRgb3>::New();
        rgbReader->SetFileName(path);
        try {
            rgbReader->Update();
        } catch (const itk::ExceptionObject& e) {
            throw ImageIoError(path, "cannot read the colour data (" + itkWhy(e) + ")");
        }
        const auto* pixels = rgbReader->GetOutput()->GetBufferPointer();
        volume.rgb.resize(3 * g.voxelCount());
        for (std::size_t n = 0; n < g.voxelCount(); ++n) {
            volume.rgb[3 * n] = pixels[n][0];
            volume.rgb[3 * n + 1] = pixels[n][1];
            volume.rgb[3 * n + 2] = pixels[n][2];
        }
        volume.metadata["colour"] = "rgb";
    }
    return volume;
}

Volume readDicom(const std::string& path, const LoadOptions& options) {
    DicomScan scan = scanDicom(path, options);
    if (scan.series.size() != 1) {
        std::string list;
        for (const auto& s : scan.series) list += "\n  " + s.describe();
        throw ImageIoError(path, "holds " + std::to_string(scan.series.size()) +
                                     " DICOM series; choose one (segment --series UID|N; medsam-agent info "
                                     "lists them):" +
                                     list);
    }
    return loadDicomSeries(scan.series.front(), options);
}

template <typename ItkImage>
void writeWithItk(typename ItkImage::Pointer image, const std::string& path) {
    registerItkFactories();
    if (formatFromName(lowerName(path)).empty() || endsWith(lowerName(path), ".png") ||
        endsWith(lowerName(path), ".jpg") || endsWith(lowerName(path), ".jpeg")) {
        throw ImageIoError(path, "cannot write this format: use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd");
    }
    auto writer = itk::ImageFileWriter<ItkImage>::New();
    writer->SetFileName(path);
    writer->SetInput(image);
    writer->SetUseCompression(true);
    detail::requireWritableTarget(path);
    try {
        writer->Update();
    } catch (const itk::ExceptionObject& e) {
        throw ImageIoError(path, "cannot write image (" + itkWhy(e) + ")");
    }
    // ITK's MetaImage writer does not report a failed write (full disk, file size limit): read the file back
    // and compare, so a short file is an error here and not at the next read.
    try {
        auto reader = itk::ImageFileReader<ItkImage>::New();
        reader->SetFileName(path);
        reader->Update();
        if (reader->GetOutput()->GetLargestPossibleRegion() != image->GetLargestPossibleRegion()) {
            throw ImageIoError(path, "cannot write image: the file read back has another size");
        }
    } catch (const itk::ExceptionObject& e) {
        throw ImageIoError(path,
                           "cannot write image: the file read back is incomplete (disk full or file "
                           "size limit?) (" +
                               itkWhy(e) + ")");
    }
}

// NIfTI goes through the project's own deterministic writer (core/io/NiftiWriter.h), the other formats
// through ITK.
bool isNifti(const std::string& path) {
    const std::string name = lowerName(path);
    return endsWith(name, ".nii") || endsWith(name, ".nii.gz");
}

}  // namespace

std::string detectFormat(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return "DICOM";
    const std::string byName = formatFromName(lowerName(path));
    if (!byName.empty()) return byName;
    return looksLikeDicom(path) ? "DICOM" : std::string();
}

Volume readVolume(const std::string& path, const LoadOptions& options) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return readDicom(path, options);
    // Before anything opens it: a FIFO or /dev/zero would block or never end, a link loop must say so.
    detail::requireRegularFile(path);
    const std::string format = formatFromName(lowerName(path));
    if (format.empty() && looksLikeDicom(path)) return readDicom(path, options);
    Volume volume = readWithItk(path, options);
    if (options.progress) options.progress(1, 1);
    return volume;
}

LabelMap readLabelMap(const std::string& path) {
    const Volume volume = readVolume(path);
    LabelMap labels;
    std::vector<std::uint16_t> values(volume.image.voxels().size());
    const auto& in = volume.image.voxels();
    for (std::size_t i = 0; i < in.size(); ++i) {
        const float v = in[i];
        if (!(v >= 0.0f && v <= 65535.0f) || v != std::floor(v)) {
            char text[200];
            std::snprintf(text, sizeof text,
                          "not a label map: voxel %zu holds %g (labels must be integers 0..65535)", i,
                          double(v));
            throw ImageIoError(path, text);
        }
        values[i] = static_cast<std::uint16_t>(v);
    }
    labels.labels = Image<std::uint16_t>(volume.image.geometry(), std::move(values));
    return labels;
}

void writeVolume(const Volume& volume, const std::string& path) {
    const ImageGeometry& g = volume.image.geometry();
    if (volume.image.empty()) throw ImageIoError(path, "cannot write an empty volume");
    detail::requireValidGeometry(path, g);
    if (isNifti(path)) return writeNifti(path, volume.image);
    auto image = toItk<ItkFloat3>(g);
    std::copy(volume.image.voxels().begin(), volume.image.voxels().end(), image->GetBufferPointer());
    writeWithItk<ItkFloat3>(image, path);
}

void writeLabelMap(const LabelMap& labels, const std::string& path) {
    const ImageGeometry& g = labels.labels.geometry();
    if (labels.labels.empty()) throw ImageIoError(path, "cannot write an empty label map");
    detail::requireValidGeometry(path, g);
    if (isNifti(path)) return writeNifti(path, labels.labels);
    auto image = toItk<ItkLabel3>(g);
    std::copy(labels.labels.voxels().begin(), labels.labels.voxels().end(), image->GetBufferPointer());
    writeWithItk<ItkLabel3>(image, path);
}

void checkSameGrid(const ImageGeometry& image, const ImageGeometry& labels, const std::string& imagePath,
                   const std::string& labelPath) {
    if (image.sameGrid(labels)) return;
    char text[512];
    const auto vec = [](const Vec3& v) {
        char b[96];
        std::snprintf(b, sizeof b, "(%.6g, %.6g, %.6g)", v[0], v[1], v[2]);
        return std::string(b);
    };
    std::string difference;
    if (image.size != labels.size) {
        std::snprintf(text, sizeof text, "size %dx%dx%d vs %dx%dx%d", image.size[0], image.size[1],
                      image.size[2], labels.size[0], labels.size[1], labels.size[2]);
        difference = text;
    } else if (!ImageGeometry{image.size, image.spacing, labels.origin, labels.direction}.sameGrid(labels)) {
        difference = "spacing " + vec(image.spacing) + " vs " + vec(labels.spacing) + " mm";
    } else if (!ImageGeometry{image.size, image.spacing, image.origin, labels.direction}.sameGrid(labels)) {
        difference = "origin " + vec(image.origin) + " vs " + vec(labels.origin) + " mm";
    } else {
        difference = "direction " + image.orientationCode() + " vs " + labels.orientationCode() +
                     " (direction cosines differ)";
    }
    throw ImageIoError(labelPath, "label map is not on the grid of image " + imagePath + ": " + difference);
}

}  // namespace medsam::core
