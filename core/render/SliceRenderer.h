#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/render/RgbImage.h"
#include "core/render/WindowLevel.h"
#include "core/trajectory/Action.h"

namespace medsam::core {

// Grey picture of a depth-1 image, pixel (x, y) of the slice at column x, row y (no flips: the slice's own
// index order, which is what prompt coordinates refer to).
RgbImage renderSlice(const Image<float>& slice, const WindowLevel& window);

// The window a model's picture of `slice` uses (issue 12, docs/agent-protocol.md): 8-bit data as it is
// (0..255 -> 0..255, as the published pipeline reads its PNGs), anything else (CT, MR, 16-bit) through the
// robust 0.5/99.5 percentile window (autoWindow).
WindowLevel modelWindow(const Image<float>& slice, const SliceAppearance& appearance);

// The picture a model sees of `slice` at its own resolution: a colour image's exact bytes, else the grey
// rendering under `window` (default: modelWindow). Throws std::invalid_argument if the colour bytes do not
// fit the slice.
RgbImage renderForModel(const Image<float>& slice, const SliceAppearance& appearance,
                        const std::optional<WindowLevel>& window = std::nullopt);

// Mask pixels blended with `color` at `alpha` (0.5 and pure green is the published agent's overlay), the
// result truncated to 8 bits as the published code's numpy cast does. The mask must have the picture's size.
RgbImage blendMask(const RgbImage& picture, const Mask& mask, Rgb color = {0, 255, 0}, double alpha = 0.5);

// Bilinear resampling with pixel centres aligned (the convention of OpenCV/PIL resize), any aspect ratio.
RgbImage resize(const RgbImage& picture, int width, int height);

// For people, never for the model: boxes as outlines, positive clicks green-filled, negative clicks
// red-filled. `scaleX`/`scaleY` map slice pixels to picture pixels (picture size / slice size).
void drawPrompts(RgbImage& picture, const std::vector<Action>& actions, double scaleX, double scaleY);

}  // namespace medsam::core
