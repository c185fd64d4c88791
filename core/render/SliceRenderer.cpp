#include "core/render/SliceRenderer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace medsam::core {

RgbImage::RgbImage(int w, int h, Rgb fill) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3) {
    for (std::size_t n = 0; n < rgb.size(); n += 3) {
        rgb[n] = fill[0];
        rgb[n + 1] = fill[1];
        rgb[n + 2] = fill[2];
    }
}

RgbImage renderSlice(const Image<float>& slice, const WindowLevel& window) {
    if (!slice.is2D())
        throw std::invalid_argument("renderSlice: image is not a slice (" + slice.geometry().describe() +
                                    ")");
    RgbImage out(slice.width(), slice.height());
    const auto& v = slice.voxels();
    for (std::size_t n = 0; n < v.size(); ++n) {
        const std::uint8_t g = applyWindow(v[n], window);
        out.rgb[3 * n] = out.rgb[3 * n + 1] = out.rgb[3 * n + 2] = g;
    }
    return out;
}

WindowLevel modelWindow(const Image<float>& slice, const SliceAppearance& appearance) {
    return appearance.eightBit ? WindowLevel::fromRange(0.0, 255.0) : autoWindow(slice);
}

RgbImage renderForModel(const Image<float>& slice, const SliceAppearance& appearance,
                        const std::optional<WindowLevel>& window) {
    if (!appearance.colour()) return renderSlice(slice, window ? *window : modelWindow(slice, appearance));
    const std::size_t pixels =
        static_cast<std::size_t>(slice.width()) * static_cast<std::size_t>(slice.height());
    if (!slice.is2D() || appearance.rgb.size() != 3 * pixels)
        throw std::invalid_argument("renderForModel: " + std::to_string(appearance.rgb.size()) +
                                    " colour bytes for a " + slice.geometry().describe() + " slice");
    RgbImage out;
    out.width = slice.width();
    out.height = slice.height();
    out.rgb = appearance.rgb;
    return out;
}

RgbImage blendMask(const RgbImage& picture, const Mask& mask, Rgb color, double alpha) {
    if (mask.width() != picture.width || mask.height() != picture.height || !mask.is2D()) {
        throw std::invalid_argument("blendMask: mask " + mask.geometry().describe() + " does not match a " +
                                    std::to_string(picture.width) + "x" + std::to_string(picture.height) +
                                    " picture");
    }
    RgbImage out = picture;
    const auto& m = mask.voxels();
    for (std::size_t n = 0; n < m.size(); ++n) {
        if (!m[n]) continue;
        for (int c = 0; c < 3; ++c) {
            // Truncated, not rounded: the published overlays are float blends cast with numpy's astype(uint8).
            const double blended = (1.0 - alpha) * picture.rgb[3 * n + c] + alpha * color[c];
            out.rgb[3 * n + c] = static_cast<std::uint8_t>(std::clamp(blended, 0.0, 255.0));
        }
    }
    return out;
}

RgbImage resize(const RgbImage& picture, int width, int height) {
    if (picture.empty() || width <= 0 || height <= 0)
        throw std::invalid_argument("resize: empty picture or size");
    if (width == picture.width && height == picture.height) return picture;
    RgbImage out(width, height);
    const double sx = static_cast<double>(picture.width) / width;
    const double sy = static_cast<double>(picture.height) / height;
    for (int y = 0; y < height; ++y) {
        const double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, picture.height - 1.0);
        const int y0 = static_cast<int>(fy);
        const int y1 = std::min(y0 + 1, picture.height - 1);
        const double wy = fy - y0;
        for (int x = 0; x < width; ++x) {
            const double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, picture.width - 1.0);
            const int x0 = static_cast<int>(fx);
            const int x1 = std::min(x0 + 1, picture.width - 1);
            const double wx = fx - x0;
            const std::uint8_t* p00 = picture.pixel(x0, y0);
            const std::uint8_t* p10 = picture.pixel(x1, y0);
            const std::uint8_t* p01 = picture.pixel(x0, y1);
            const std::uint8_t* p11 = picture.pixel(x1, y1);
            std::uint8_t* o = out.pixel(x, y);
            for (int c = 0; c < 3; ++c) {
                const double top = p00[c] + wx * (p10[c] - p00[c]);
                const double bottom = p01[c] + wx * (p11[c] - p01[c]);
                o[c] = static_cast<std::uint8_t>(std::lround(top + wy * (bottom - top)));
            }
        }
    }
    return out;
}

namespace {

void put(RgbImage& picture, int x, int y, Rgb color) {
    if (x < 0 || y < 0 || x >= picture.width || y >= picture.height) return;
    std::uint8_t* p = picture.pixel(x, y);
    p[0] = color[0];
    p[1] = color[1];
    p[2] = color[2];
}

void disc(RgbImage& picture, double cx, double cy, double radius, Rgb fill) {
    const int r = static_cast<int>(std::ceil(radius)) + 1;
    for (int dy = -r; dy <= r; ++dy) {
        for (int dx = -r; dx <= r; ++dx) {
            const double d = std::hypot(dx, dy);
            if (d <= radius) {
                put(picture, static_cast<int>(std::lround(cx)) + dx, static_cast<int>(std::lround(cy)) + dy,
                    d > radius - 1.2 ? Rgb{255, 255, 255} : fill);
            }
        }
    }
}

}  // namespace

void drawPrompts(RgbImage& picture, const std::vector<Action>& actions, double scaleX, double scaleY) {
    const double radius = std::max(3.0, std::min(picture.width, picture.height) / 100.0);
    for (const Action& a : actions) {
        const double x0 = (a.x0 + 0.5) * scaleX - 0.5, y0 = (a.y0 + 0.5) * scaleY - 0.5;
        if (a.kind == ActionKind::Box) {
            const double x1 = (a.x1 + 0.5) * scaleX - 0.5, y1 = (a.y1 + 0.5) * scaleY - 0.5;
            const Rgb yellow{255, 215, 0};
            for (int x = static_cast<int>(std::lround(x0)); x <= static_cast<int>(std::lround(x1)); ++x) {
                put(picture, x, static_cast<int>(std::lround(y0)), yellow);
                put(picture, x, static_cast<int>(std::lround(y1)), yellow);
            }
            for (int y = static_cast<int>(std::lround(y0)); y <= static_cast<int>(std::lround(y1)); ++y) {
                put(picture, static_cast<int>(std::lround(x0)), y, yellow);
                put(picture, static_cast<int>(std::lround(x1)), y, yellow);
            }
        } else if (a.kind == ActionKind::PositivePoint) {
            disc(picture, x0, y0, radius, {0, 200, 0});
        } else if (a.kind == ActionKind::NegativePoint) {
            disc(picture, x0, y0, radius, {220, 0, 0});
        }
    }
}

}  // namespace medsam::core
