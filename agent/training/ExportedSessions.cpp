#include "agent/training/ExportedSessions.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "core/io/VolumeIo.h"

namespace medsam::agent {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw ExportReadError(where + ": " + what);
}

// Calls `row` with each non-blank line of a JSONL file parsed as an object and its "FILE:LINE".
void forEachRow(const fs::path& file, const std::string& hint,
                const std::function<void(const json&, const std::string&)>& row) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file.string(), "cannot be read (" + hint + ")");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = file.string() + ":" + std::to_string(number);
        const json value = json::parse(line, nullptr, false);
        if (value.is_discarded()) fail(where, "not valid JSON");
        if (!value.is_object()) fail(where, "not a JSON object");
        row(value, where);
    }
}

// The value at a dotted path of object keys, e.g. {"extra_info", "id"}; fails naming the path.
const json& at(const json& row, std::initializer_list<const char*> keys, const std::string& where) {
    const json* node = &row;
    std::string path;
    for (const char* key : keys) {
        path += (path.empty() ? "" : ".") + std::string(key);
        if (!node->is_object() || !node->contains(key)) fail(where, "no " + path);
        node = &(*node)[key];
    }
    return *node;
}

std::string stringAt(const json& row, std::initializer_list<const char*> keys, const std::string& where) {
    const json& v = at(row, keys, where);
    if (!v.is_string() || v.get<std::string>().empty()) {
        std::string path;
        for (const char* key : keys) path += (path.empty() ? "" : ".") + std::string(key);
        fail(where, path + " must be a non-empty string, got " + v.dump());
    }
    return v.get<std::string>();
}

int sizeAt(const json& row, const char* key, const std::string& where) {
    const json& v = at(row, {"extra_info", key}, where);
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1000000)
        fail(where, std::string("extra_info.") + key + " must be a positive integer, got " + v.dump());
    return v.get<int>();
}

// `relative` (a path the export wrote relative to `base`) as a file inside `base`.
fs::path inside(const fs::path& base, const std::string& relative, const std::string& where) {
    const fs::path p(relative);
    if (p.is_absolute()) fail(where, "'" + relative + "' must be a path relative to " + base.string());
    for (const auto& part : p)
        if (part == "..") fail(where, "'" + relative + "' leaves " + base.string());
    return base / p;
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// The 2D picture at `file` (core/io reads PNG; colour becomes luminance).
core::Volume readPicture(const fs::path& file, const std::string& what, const std::string& where) {
    core::Volume v;
    try {
        v = core::readVolume(file.string());
    } catch (const std::exception& e) {
        fail(where, what + ": " + e.what());
    }
    if (v.image.depth() != 1)
        fail(where, what + " '" + file.string() + "' is not a 2D image (" + std::to_string(v.image.depth()) +
                        " slices)");
    return v;
}

ExportedTask readTask(const json& row, const std::string& where, const fs::path& rlDir) {
    ExportedTask t;
    t.origin = where;
    const std::string id = stringAt(row, {"extra_info", "id"}, where);
    t.session = stringAt(row, {"extra_info", "session"}, where);
    const std::string target = stringAt(row, {"extra_info", "target_description"}, where);
    const int width = sizeAt(row, "width", where), height = sizeAt(row, "height", where);
    const json& images = at(row, {"images"}, where);
    if (!images.is_array() || images.empty()) fail(where, "images must be a non-empty array");
    const fs::path imageFile = inside(rlDir, stringAt(images[0], {"path"}, where + " images[0]"), where);
    const fs::path maskFile =
        inside(rlDir, stringAt(row, {"reward_model", "ground_truth", "path"}, where), where);

    const core::Volume image = readPicture(imageFile, "image", where);
    if (image.image.width() != width || image.image.height() != height)
        fail(where, "image '" + imageFile.string() + "' is " + std::to_string(image.image.width()) + "x" +
                        std::to_string(image.image.height()) + ", extra_info says " + std::to_string(width) +
                        "x" + std::to_string(height));
    const core::Volume mask = readPicture(maskFile, "mask", where);
    if (mask.image.width() != width || mask.image.height() != height)
        fail(where, "mask '" + maskFile.string() + "' is " + std::to_string(mask.image.width()) + "x" +
                        std::to_string(mask.image.height()) + ", its image '" + imageFile.string() + "' is " +
                        std::to_string(width) + "x" + std::to_string(height));

    TrainingCase& c = t.trainingCase;
    c.slice = image.image;
    c.reference = core::Mask(image.image.geometry());
    std::size_t covered = 0;
    for (std::size_t n = 0; n < mask.image.voxels().size(); ++n) {
        const float v = mask.image.voxels()[n];
        if (v != 0.0f && v != 255.0f)
            fail(where, "mask '" + maskFile.string() + "' holds " + number(v) + " at pixel (" +
                            std::to_string(n % static_cast<std::size_t>(width)) + ", " +
                            std::to_string(n / static_cast<std::size_t>(width)) +
                            "): an exported mask holds only 0 and 255");
        c.reference.voxels()[n] = v != 0.0f;
        covered += v != 0.0f;
    }
    t.emptyReference = covered == 0;
    c.name = rlDir.parent_path().string() + "#" + id;
    // The id is "case-P_label_kN": the case pseudonym names the image, so one image's slices share a group.
    c.group = id.substr(0, id.find('_'));
    c.target = target;
    return t;
}

ExportedConversation readConversation(const json& row, const std::string& where) {
    ExportedConversation c;
    c.origin = where;
    const json& images = at(row, {"images"}, where);
    if (!images.is_array() || images.empty() || !images[0].is_string())
        fail(where, "images must be a non-empty array of file names");
    // The exporter names a session's pictures images/session-P_N.png; N = 0 is the raw slice.
    const std::string first = images[0].get<std::string>();
    const std::string prefix = "images/", suffix = "_0.png";
    if (first.rfind(prefix + "session-", 0) != 0 || first.size() <= prefix.size() + suffix.size() ||
        first.compare(first.size() - suffix.size(), suffix.size(), suffix) != 0)
        fail(where, "images[0] '" + first + "' is not images/session-P_0.png: cannot tell the session");
    c.session = first.substr(prefix.size(), first.size() - prefix.size() - suffix.size());
    const json& messages = at(row, {"messages"}, where);
    if (!messages.is_array()) fail(where, "messages must be an array");
    bool stopped = false;
    for (std::size_t m = 0; m < messages.size(); ++m) {
        const std::string here = where + " message " + std::to_string(m);
        const json& message = messages[m];
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string() ||
            !message.contains("content") || !message["content"].is_string())
            fail(here, "needs string role and content");
        if (message["role"] != "assistant") continue;
        if (stopped) fail(here, "a call after stop_action");
        try {
            c.calls.push_back(
                core::parseToolCall(message["content"].get<std::string>(), core::ParseMode::Strict));
        } catch (const core::ToolCallError& e) {
            fail(here, e.what());
        }
        stopped = c.calls.back().kind == core::ActionKind::Stop;
    }
    if (!stopped) fail(where, "the conversation does not end with stop_action");
    return c;
}

}  // namespace

std::vector<ExportedTask> readExportedTasks(const std::string& exportDir) {
    const fs::path rlDir = fs::path(exportDir) / "rl";
    std::vector<ExportedTask> tasks;
    std::map<std::string, std::string> ids, sessions;  // -> where first named
    forEachRow(rlDir / "tasks.jsonl", "export with rl: medsam-agent db export PROJECT --out DIR",
               [&](const json& row, const std::string& where) {
                   ExportedTask t = readTask(row, where, rlDir);
                   const std::string id = stringAt(row, {"extra_info", "id"}, where);
                   if (!ids.emplace(id, where).second)
                       fail(where, "task " + id + " again (first at " + ids[id] + ")");
                   if (!sessions.emplace(t.session, where).second)
                       fail(where, t.session + " is the reference of a second task (first at " +
                                       sessions[t.session] + ")");
                   tasks.push_back(std::move(t));
               });
    return tasks;
}

std::vector<ExportedConversation> readExportedConversations(const std::string& exportDir) {
    std::vector<ExportedConversation> out;
    std::map<std::string, std::string> sessions;  // -> where first named
    forEachRow(fs::path(exportDir) / "sft" / "trajectories.jsonl",
               "export with sft: medsam-agent db export PROJECT --out DIR",
               [&](const json& row, const std::string& where) {
                   ExportedConversation c = readConversation(row, where);
                   if (!sessions.emplace(c.session, where).second)
                       fail(where, c.session + " again (first at " + sessions[c.session] + ")");
                   out.push_back(std::move(c));
               });
    return out;
}

int linkConversations(std::vector<ExportedTask>& tasks,
                      const std::vector<ExportedConversation>& conversations,
                      std::vector<std::string>& skipped) {
    std::map<std::string, ExportedTask*> bySession;
    for (auto& t : tasks) bySession[t.session] = &t;
    int linked = 0;
    for (const ExportedConversation& c : conversations) {
        const auto it = bySession.find(c.session);
        if (it == bySession.end()) {
            skipped.push_back(c.origin + ": " + c.session +
                              " is no task's reference (rl/ keeps the latest curated session of a task)");
            continue;
        }
        ExportedTask& task = *it->second;
        if (task.emptyReference) {
            skipped.push_back(c.origin + ": " + c.session + ": its task's mask is empty (" + task.origin +
                              ")");
            continue;
        }
        if (c.calls.size() < 2) {
            skipped.push_back(c.origin + ": " + c.session + ": no prompt before stop_action");
            continue;
        }
        PersonTrajectory p;
        p.session = c.session;
        p.origin = c.origin;
        const core::Image<float>& slice = task.trainingCase.slice;
        for (const core::ToolCall& call : c.calls)
            p.actions.push_back(core::toAction(call, slice.width(), slice.height()));
        task.trainingCase.trajectories.push_back(std::move(p));
        ++linked;
    }
    return linked;
}

ExportedData readExport(const std::string& exportDir, bool withConversations) {
    ExportedData data;
    data.dir = exportDir;
    std::vector<ExportedTask> tasks = readExportedTasks(exportDir);
    data.tasks = static_cast<int>(tasks.size());
    if (withConversations) {
        const auto conversations = readExportedConversations(exportDir);
        data.conversations = static_cast<int>(conversations.size());
        data.linked = linkConversations(tasks, conversations, data.skipped);
    }
    for (ExportedTask& t : tasks) {
        if (t.emptyReference) {
            data.skipped.push_back(t.origin + ": the curated mask is empty: no reference to train on");
            continue;
        }
        data.cases.push_back(std::move(t.trainingCase));
    }
    return data;
}

}  // namespace medsam::agent
