#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "agent/training/TrainingCases.h"
#include "core/protocol/ToolCallCodec.h"

// Reading the storage layer's export of curated sessions (docs/storage.md, "Export") as training data,
// without the storage layer: the files are the contract. Two sources of stage-1 samples come from it
// (docs/training.md, "Training from curated sessions"):
//   - DIR/rl/tasks.jsonl: each task's slice as the agent saw it (PNG, native resolution) and the curated
//     final mask (PNG, 0/255) become a TrainingCase on which the simulated expert generates trajectories;
//   - DIR/sft/trajectories.jsonl: each curated session's own tool calls (0..999 grid, parsed strictly with
//     core/protocol) are attached to the task whose reference it made (linked by session pseudonym), mapped
//     to slice pixels with core::toAction (the inverse of the exporter's core::toToolCall), for behaviour
//     cloning of the person (agent/training/PersonSamples.h).
// Stages: readExportedTasks -> readExportedConversations -> linkConversations; readExport does all three.
namespace medsam::agent {

// A malformed export: the message names the file and, for a JSONL row, its line ("DIR/rl/tasks.jsonl:3:
// ...").
class ExportReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One row of rl/tasks.jsonl, read and checked.
struct ExportedTask {
    std::string origin;   // "DIR/rl/tasks.jsonl:LINE"
    std::string session;  // extra_info.session: the curated session whose final mask is the reference
    TrainingCase trainingCase;
    bool emptyReference = false;  // the curated mask is empty (a person's "nothing here")
};

// One row of sft/trajectories.jsonl: the session pseudonym (from its first image's name) and its assistant
// calls in order, ending with stop_action.
struct ExportedConversation {
    std::string origin;   // "DIR/sft/trajectories.jsonl:LINE"
    std::string session;  // "session-<pseudonym>"
    std::vector<core::ToolCall> calls;
};

// What one export gave, and what was left out and why (one line each, "FILE:LINE: why").
struct ExportedData {
    std::string dir;
    std::vector<TrainingCase> cases;  // the tasks with a non-empty mask, person trajectories attached
    int tasks = 0;                    // rows of rl/tasks.jsonl
    int conversations = 0;            // rows of sft/trajectories.jsonl (0 when not read)
    int linked = 0;                   // conversations attached to a case
    std::vector<std::string> skipped;
};

// The rows of DIR/rl/tasks.jsonl. Throws ExportReadError naming the file and line for: a missing file, a line
// that is not a JSON object, a missing or mistyped field (extra_info.{id, session, target_description, width,
// height}, images[0].path, reward_model.ground_truth.path), a path outside DIR/rl, an image or mask that
// cannot be read (core::readVolume; the reader's reason is kept), an image that is not 2D or not of
// extra_info's size, a mask of another size than its image, mask values other than 0 and 255, and a task id
// or session named twice. An empty mask (a curated "nothing here") is not an error: the task is flagged, and
// readExport leaves it out and reports it, as casesFromManifest leaves out empty references.
std::vector<ExportedTask> readExportedTasks(const std::string& exportDir);

// The rows of DIR/sft/trajectories.jsonl. Throws ExportReadError naming the file and line for: a missing
// file, a line that is not a JSON object, missing messages or images, a first image not named
// images/session-P_0.png, an assistant message that is not a valid tool call in the published schema
// (core::ParseMode::Strict; the parser's reason is kept), a call after stop_action, a conversation that
// does not end with stop_action, and a session named twice.
std::vector<ExportedConversation> readExportedConversations(const std::string& exportDir);

// Attaches each conversation to the task its session is the reference of, its calls mapped to that slice's
// pixels. A conversation no task names (an earlier curated session of a task: rl/ keeps the latest one per
// task as the reference), one whose task has an empty mask, or one with no prompt before its stop is left out
// and reported in `skipped`.
// Returns how many were attached.
int linkConversations(std::vector<ExportedTask>& tasks,
                      const std::vector<ExportedConversation>& conversations,
                      std::vector<std::string>& skipped);

// All three stages on DIR; `withConversations` false reads rl/ only (the curated masks alone).
ExportedData readExport(const std::string& exportDir, bool withConversations = true);

}  // namespace medsam::agent
