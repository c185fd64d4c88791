#pragma once

#include <string>
#include <vector>

#include "agent/eval/CaseLoader.h"
#include "core/image/Image.h"
#include "core/trajectory/Action.h"

// What the policy trains on: labelled 2D slices, from synthetic phantoms (TrainingPhantoms.h) and from
// labelled manifests (the evaluation's CSV format). The reference is only for the simulated expert and the
// reward; the policy never sees it.
namespace medsam::agent {

// A person's curated trajectory on a case (from an export's sft/trajectories.jsonl, ExportedSessions.h): the
// actions in slice pixels, the person's first prompt first, ending with stop.
struct PersonTrajectory {
    std::string session;  // the export's session pseudonym
    std::string origin;   // where it was read ("FILE:LINE"), for messages
    std::vector<core::Action> actions;
};

struct TrainingCase {
    std::string name;
    std::string group;  // the image it comes from: validation and held-out splits never cut a group
    core::Image<float> slice;
    core::Mask reference;
    std::string target;
    std::vector<PersonTrajectory> trajectories;  // behaviour-cloned as they are (PersonSamples.h)
    bool expertEpisodes = true;                  // false: the simulated expert leaves this case alone
};

// Every row of `manifestPath` (agent/eval/Manifest.h) with a non-empty reference on its slice. Throws what
// loadCase throws, naming the row.
std::vector<TrainingCase> casesFromManifest(const std::string& manifestPath);

// Splits by group: a deterministic share `fraction` of the groups (by a hash of the group name and `seed`)
// goes to `held`, the rest to `kept`. Never returns an empty `kept` when there are cases.
void splitByGroup(const std::vector<TrainingCase>& cases, double fraction, unsigned seed,
                  std::vector<TrainingCase>& kept, std::vector<TrainingCase>& held);

}  // namespace medsam::agent
