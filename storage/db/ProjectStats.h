#pragma once

#include <map>
#include <string>
#include <vector>

#include "storage/db/ProjectDb.h"

namespace medsam::storage {

// What a lab looks at before curating: how much there is, who made it, how good it is where a reference
// exists, and how Dice grows turn by turn per policy.
struct ProjectStats {
    int images = 0, labels = 0, sessions = 0;
    std::map<ReviewStatus, int> byStatus;  // latest review
    std::map<std::string, int> byActor;    // session actor ("agent", "person", "expert")
    struct LabelDice {
        std::string label;
        int sessions = 0;     // sessions of the label with a final Dice
        double meanDice = 0;  // mean of their final Dice
    };
    std::vector<LabelDice> dicePerLabel;  // labels with at least one Dice, by name
    struct PolicyCurve {
        std::string policy;
        int sessions = 0;  // sessions with a Dice at their first step
        // Mean Dice after step 1..N (N: the project's longest session, at most maxTurns); a session that
        // ended earlier counts with its last Dice.
        std::vector<double> values;
    };
    std::vector<PolicyCurve> diceByTurn;  // by policy name
};

// One pass over sessions and steps (no masks are read). `maxTurns` bounds the curves.
ProjectStats projectStats(ProjectDb& db, int maxTurns = 10);

}  // namespace medsam::storage
