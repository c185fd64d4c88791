#include "agent/policies/BaselinePolicies.h"

#include <algorithm>
#include <cmath>

#include "core/metrics/DistanceTransform.h"

namespace medsam::agent {

namespace {

core::Action requireInitial(const std::optional<core::Action>& initial, const std::string& who) {
    if (!initial || !initial->isPrompt()) {
        throw PolicyError(
            PolicyError::Kind::Backend,
            who + " needs the user's first prompt (give --box or --point, or a reference to derive it)");
    }
    return *initial;
}

}  // namespace

Decision BoxBaselinePolicy::decide(const Observation& o) {
    if (o.turn == 0) return {requireInitial(initial_, name()), {}};
    return {core::Action::stop(), {}};
}

BoxClicksBaselinePolicy::BoxClicksBaselinePolicy(int clicks) : clicks_(clicks) {
    if (clicks < 0) throw std::invalid_argument("BoxClicksBaselinePolicy: the click count must be >= 0");
}

Decision BoxClicksBaselinePolicy::decide(const Observation& o) {
    const core::Action first = requireInitial(initial_, name());
    if (o.turn == 0) return {first, {}};
    if (o.turn > clicks_ || first.kind != core::ActionKind::Box || !o.mask) return {core::Action::stop(), {}};

    // The uncovered part of the box, padded by one pixel of "covered" so the box edge counts as a border.
    const int bx0 = static_cast<int>(std::floor(first.x0)), by0 = static_cast<int>(std::floor(first.y0));
    const int bx1 = static_cast<int>(std::ceil(first.x1)), by1 = static_cast<int>(std::ceil(first.y1));
    core::ImageGeometry g;
    g.size = {bx1 - bx0 + 3, by1 - by0 + 3, 1};
    core::Mask missing(g);
    bool any = false;
    for (int y = by0; y <= by1; ++y) {
        for (int x = bx0; x <= bx1; ++x) {
            if (x < 0 || y < 0 || x >= o.mask->width() || y >= o.mask->height()) continue;
            if (!o.mask->at(x, y)) {
                missing.at(x - bx0 + 1, y - by0 + 1) = 1;
                any = true;
            }
        }
    }
    if (!any) return {core::Action::stop(), {}};
    const auto depth = core::distanceInside(missing);
    const auto best = std::max_element(depth.begin(), depth.end()) - depth.begin();
    const int x = static_cast<int>(best % g.size[0]) - 1 + bx0;
    const int y = static_cast<int>(best / g.size[0]) - 1 + by0;
    return {core::Action::point(x, y, true), {}};
}

}  // namespace medsam::agent
