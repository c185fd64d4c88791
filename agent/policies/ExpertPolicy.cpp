#include "agent/policies/ExpertPolicy.h"

#include <algorithm>

#include "core/synthetic/PortableRandom.h"

namespace medsam::agent {

namespace {

// Mixes the configured seed with the episode's, so episodes differ and each one replays exactly.
std::uint32_t mixSeeds(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t x = core::mixSeeds64(a, b);
    return static_cast<std::uint32_t>(x ^ (x >> 32));
}

std::vector<core::Click> previousClicks(const Observation& o) {
    std::vector<core::Click> clicks;
    for (const auto& a : o.history) {
        if (!a.isPoint()) continue;
        core::Click c;
        c.x = static_cast<int>(a.x0 + 0.5);
        c.y = static_cast<int>(a.y0 + 0.5);
        c.positive = a.kind == core::ActionKind::PositivePoint;
        clicks.push_back(c);
    }
    return clicks;
}

}  // namespace

ExpertPolicy::ExpertPolicy(ExpertConfig config) : config_(config) {
    if (config_.maxResamples < 0) throw std::invalid_argument("ExpertConfig: maxResamples must be >= 0");
    if (config_.boxToPointRatio < 0 || config_.boxToPointRatio > 1) {
        throw std::invalid_argument("ExpertConfig: boxToPointRatio must be in [0, 1]");
    }
    reset();
}

void ExpertPolicy::reset() {
    context_ = {};
    rng_.seed(mixSeeds(config_.seed, 0));
    workflow_ = Workflow::SequentialClick;
    lastTried_ = 0;
}

void ExpertPolicy::beginEpisode(const EpisodeContext& context) {
    context_ = context;
    rng_.seed(mixSeeds(config_.seed, context.seed));
    // Raw 32-bit output, not a std distribution: identical on every standard library.
    const double u = static_cast<double>(rng_()) / 4294967296.0;
    workflow_ = u < config_.boxToPointRatio ? Workflow::BoxToPoint : Workflow::SequentialClick;
}

std::vector<core::Action> ExpertPolicy::clickCandidates(const Observation& o, int count) const {
    // 1: the published oracle's click (deepest error, RITM style); 2: the deepest point of the largest error
    // region (a different error when several exist); then the oracle again, keeping away from the candidates
    // already proposed.
    std::vector<core::Action> out;
    std::vector<core::Click> past = previousClicks(o);
    auto add = [&](const std::optional<core::Click>& c) {
        if (!c) return;
        const core::Action a = core::toAction(*c);
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    };
    add(core::nextClick(*o.mask, *context_.reference, past));
    if (static_cast<int>(out.size()) < count) {
        core::ClickOracleOptions largest;
        largest.strategy = core::ClickStrategy::LargestErrorRegion;
        add(core::nextClick(*o.mask, *context_.reference, past, largest));
    }
    core::ClickOracleOptions away;
    away.exclusionRadius = config_.resampleExclusionPx;
    std::vector<core::Click> avoid = past;
    for (int guard = 0; static_cast<int>(out.size()) < count && guard < count; ++guard) {
        for (const auto& a : out) {
            core::Click c;
            c.x = static_cast<int>(a.x0 + 0.5);
            c.y = static_cast<int>(a.y0 + 0.5);
            avoid.push_back(c);
        }
        const auto before = out.size();
        add(core::nextClick(*o.mask, *context_.reference, avoid, away));
        if (out.size() == before) break;  // nothing left to correct away from the rejected candidates
    }
    if (static_cast<int>(out.size()) > count) out.resize(static_cast<std::size_t>(count));
    return out;
}

std::vector<core::Action> ExpertPolicy::boxCandidates(int count) {
    std::vector<core::Action> out;
    if (context_.initialPrompt && context_.initialPrompt->kind == core::ActionKind::Box) {
        out.push_back(*context_.initialPrompt);
    }
    while (static_cast<int>(out.size()) < count) {
        const auto box = core::boxFromMask(*context_.reference, config_.boxJitter, rng_);
        if (!box) break;
        out.push_back(core::toAction(*box));
    }
    return out;
}

Decision ExpertPolicy::decide(const Observation& o) {
    if (!context_.reference || !context_.evaluate) {
        throw PolicyError(
            PolicyError::Kind::Backend,
            "the expert policy needs a reference mask (give --reference, or use another policy)");
    }
    if (!o.mask)
        throw PolicyError(PolicyError::Kind::Backend, "the expert policy got an observation without a mask");
    const double current = context_.evaluate(core::Action::stop()).iou;
    const int tries = 1 + config_.maxResamples;
    lastTried_ = 0;

    struct Pick {
        core::Action action;
        double gain = 0.0;
    };
    auto firstPassing = [&](const std::vector<core::Action>& candidates) -> std::optional<Pick> {
        for (const auto& a : candidates) {
            ++lastTried_;
            const double gain = context_.evaluate(a).iou - current;
            if (gain >= config_.tau) return Pick{a, gain};
        }
        return std::nullopt;
    };
    if (o.turn == 0 && workflow_ == Workflow::BoxToPoint) {
        if (auto p = firstPassing(boxCandidates(tries))) return {p->action, {}};
        return {core::Action::stop(), {}};
    }
    const auto click = firstPassing(clickCandidates(o, tries));
    const bool boxPlaced = std::any_of(o.history.begin(), o.history.end(),
                                       [](const core::Action& a) { return a.kind == core::ActionKind::Box; });
    if (config_.boxFallback && !boxPlaced && (o.turn > 0 || !click)) {
        // The annotator switches to a box when it helps more than the next click (or no click helps at all).
        const auto box = firstPassing(boxCandidates(click ? 1 : tries));
        if (box && (!click || box->gain > click->gain)) return {box->action, {}};
    }
    if (click) return {click->action, {}};
    return {core::Action::stop(), {}};
}

}  // namespace medsam::agent
