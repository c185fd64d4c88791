#include "agent/eval/EvalResults.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "agent/eval/Csv.h"
#include "core/protocol/ToolCallCodec.h"

namespace medsam::agent {

namespace {

double mean(const std::vector<double>& v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// JSON has no NaN/inf: they become null.
nlohmann::json number(double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

std::string fmt(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // The shortest text that reads back to the same double, so merged shards summarise exactly as one run.
    char b[64];
    for (int precision : {6, 10, 15, 17}) {
        std::snprintf(b, sizeof b, "%.*g", precision, x);
        if (std::strtod(b, nullptr) == x) break;
    }
    return b;
}

double parseNumber(const std::string& s) {
    if (s == "nan" || s.empty()) return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size()) throw std::invalid_argument("not a number: '" + s + "'");
    return v;
}

std::string joinList(const std::vector<double>& v) {
    std::string out;
    for (std::size_t n = 0; n < v.size(); ++n) out += (n ? "|" : "") + fmt(v[n]);
    return out;
}

std::vector<double> splitList(const std::string& s) {
    std::vector<double> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, '|')) out.push_back(parseNumber(item));
    return out;
}

const std::vector<std::string> kColumns{"case",    "image",  "label", "label_value",  "target",      "axis",
                                        "slice",   "dice",   "iou",   "nsd2mm",       "hd95",        "turns",
                                        "outcome", "reward", "ms",    "dice_at_turn", "iou_at_turn", "error"};

}  // namespace

int clicksToReach(const std::vector<double>& iouAtTurn, double threshold, int maxTurns) {
    for (std::size_t k = 0; k < iouAtTurn.size() && static_cast<int>(k) < maxTurns; ++k) {
        if (iouAtTurn[k] >= threshold) return static_cast<int>(k) + 1;
    }
    return maxTurns;
}

nlohmann::json summarize(const std::vector<CaseResult>& cases, const EvalSummaryOptions& options) {
    std::vector<double> dice, iou, nsd, hd95, turns, reward, ms, noc85, noc90;
    std::vector<std::vector<double>> diceAt(static_cast<std::size_t>(options.maxTurns)),
        iouAt(static_cast<std::size_t>(options.maxTurns));
    int failed = 0, skipped = 0, formatErrors = 0, errors = 0, noc85Fail = 0, noc90Fail = 0;
    struct TargetAcc {
        std::vector<double> dice, iou, turns;
    };
    std::map<std::string, TargetAcc> perTarget;
    for (const auto& c : cases) {
        if (c.outcome == "skipped") {
            ++skipped;
            continue;
        }
        if (c.failed()) {
            ++failed;
            continue;
        }
        if (c.outcome == "format_error") ++formatErrors;
        if (c.outcome == "error") ++errors;
        dice.push_back(c.dice);
        iou.push_back(c.iou);
        nsd.push_back(c.nsd);
        if (std::isfinite(c.hd95)) hd95.push_back(c.hd95);
        turns.push_back(c.turns);
        reward.push_back(c.reward);
        ms.push_back(c.ms);
        for (std::size_t k = 0; k < diceAt.size(); ++k) {
            // Episodes shorter than the list (older files, fewer turns) carry their last value forward.
            const auto pick = [&](const std::vector<double>& v) {
                return v.empty() ? 0.0 : v[std::min(k, v.size() - 1)];
            };
            diceAt[k].push_back(pick(c.diceAtTurn));
            iouAt[k].push_back(pick(c.iouAtTurn));
        }
        const int n85 = clicksToReach(c.iouAtTurn, 0.85, options.maxTurns);
        const int n90 = clicksToReach(c.iouAtTurn, 0.90, options.maxTurns);
        noc85.push_back(n85);
        noc90.push_back(n90);
        noc85Fail += std::none_of(c.iouAtTurn.begin(), c.iouAtTurn.end(), [](double v) { return v >= 0.85; });
        noc90Fail += std::none_of(c.iouAtTurn.begin(), c.iouAtTurn.end(), [](double v) { return v >= 0.90; });
        auto& t = perTarget[c.target];
        t.dice.push_back(c.dice);
        t.iou.push_back(c.iou);
        t.turns.push_back(c.turns);
    }
    nlohmann::json j;
    j["policy"] = options.policy;
    j["tool"] = options.tool;
    j["max_turns"] = options.maxTurns;
    j["cases"] = static_cast<int>(cases.size()) - failed - skipped;
    j["failed_cases"] = failed;
    j["skipped_cases"] = skipped;
    j["mean_dice"] = number(mean(dice));
    j["median_dice"] = number(median(dice));
    j["mean_iou"] = number(mean(iou));
    j["mean_nsd"] = number(mean(nsd));
    j["mean_hd95"] = number(mean(hd95));
    j["mean_turns"] = number(mean(turns));
    j["mean_reward"] = number(mean(reward));
    j["mean_ms"] = number(mean(ms));
    j["dice_at_turn"] = nlohmann::json::array();
    j["iou_at_turn"] = nlohmann::json::array();
    for (std::size_t k = 0; k < diceAt.size(); ++k) {
        j["dice_at_turn"].push_back(number(mean(diceAt[k])));
        j["iou_at_turn"].push_back(number(mean(iouAt[k])));
    }
    j["noc85"] = number(mean(noc85));
    j["noc90"] = number(mean(noc90));
    j["noc85_failures"] = noc85Fail;
    j["noc90_failures"] = noc90Fail;
    const double ran = static_cast<double>(cases.size() - static_cast<std::size_t>(skipped));
    j["format_error_rate"] = ran > 0 ? formatErrors / ran : 0.0;
    j["error_rate"] = ran > 0 ? (errors + failed) / ran : 0.0;
    j["per_target"] = nlohmann::json::object();
    for (const auto& [name, t] : perTarget) {
        j["per_target"][name] = {{"cases", t.dice.size()},
                                 {"mean_dice", number(mean(t.dice))},
                                 {"mean_iou", number(mean(t.iou))},
                                 {"mean_turns", number(mean(t.turns))}};
    }
    return j;
}

std::string casesCsv(const std::vector<CaseResult>& cases) {
    std::string out = csvLine(kColumns) + "\n";
    for (const auto& c : cases) {
        out += csvLine({std::to_string(c.row), c.image, c.label, c.labelValues, c.target, c.axis,
                        std::to_string(c.slice), fmt(c.dice), fmt(c.iou), fmt(c.nsd), fmt(c.hd95),
                        std::to_string(c.turns), c.outcome, fmt(c.reward), fmt(c.ms), joinList(c.diceAtTurn),
                        joinList(c.iouAtTurn), c.error}) +
               "\n";
    }
    return out;
}

std::vector<CaseResult> parseCasesCsv(const std::string& text, const std::string& sourceName) {
    const auto rows = parseCsv(text, sourceName);
    if (rows.empty() || rows[0] != kColumns) {
        throw std::invalid_argument(sourceName +
                                    ": not a cases.csv written by medsam-agent eval (header differs)");
    }
    std::vector<CaseResult> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& f = rows[r];
        if (f.size() != kColumns.size()) {
            throw std::invalid_argument(sourceName + " row " + std::to_string(r) + ": expected " +
                                        std::to_string(kColumns.size()) + " fields, found " +
                                        std::to_string(f.size()));
        }
        try {
            CaseResult c;
            c.row = std::stoi(f[0]);
            c.image = f[1];
            c.label = f[2];
            c.labelValues = f[3];
            c.target = f[4];
            c.axis = f[5];
            c.slice = std::stoi(f[6]);
            c.dice = parseNumber(f[7]);
            c.iou = parseNumber(f[8]);
            c.nsd = parseNumber(f[9]);
            c.hd95 = parseNumber(f[10]);
            c.turns = std::stoi(f[11]);
            c.outcome = f[12];
            c.reward = parseNumber(f[13]);
            c.ms = parseNumber(f[14]);
            c.diceAtTurn = splitList(f[15]);
            c.iouAtTurn = splitList(f[16]);
            c.error = f[17];
            out.push_back(std::move(c));
        } catch (const std::exception& e) {
            throw std::invalid_argument(sourceName + " row " + std::to_string(r) + ": " + e.what());
        }
    }
    return out;
}

void writeEvalOutputs(const std::string& dir, const std::vector<CaseResult>& cases,
                      const nlohmann::json& summary) {
    std::filesystem::create_directories(dir);
    const auto write = [](const std::filesystem::path& p, const std::string& text) {
        std::ofstream out(p, std::ios::binary);
        out << text;
        if (!out) throw std::runtime_error(p.string() + ": cannot write");
    };
    write(std::filesystem::path(dir) / "cases.csv", casesCsv(cases));
    write(std::filesystem::path(dir) / "summary.json", summary.dump(2) + "\n");
}

std::vector<CaseResult> readShardCases(const std::vector<std::string>& dirs) {
    std::vector<CaseResult> all;
    std::set<int> seen;
    for (const auto& dir : dirs) {
        const auto path = (std::filesystem::path(dir) / "cases.csv").string();
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::invalid_argument(path + ": cannot open (is " + dir + " an eval output folder?)");
        std::stringstream text;
        text << in.rdbuf();
        for (auto& c : parseCasesCsv(text.str(), path)) {
            if (!seen.insert(c.row).second) {
                throw std::invalid_argument(
                    path + ": case " + std::to_string(c.row) +
                    " is also in another shard (were the shards made from one manifest?)");
            }
            all.push_back(std::move(c));
        }
    }
    std::sort(all.begin(), all.end(), [](const CaseResult& a, const CaseResult& b) { return a.row < b.row; });
    return all;
}

nlohmann::json readShardSummary(const std::vector<std::string>& dirs, const std::string& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target = fs::weakly_canonical(out, ec);
    nlohmann::json head;
    std::string headDir;
    for (const auto& dir : dirs) {
        if (fs::weakly_canonical(dir, ec) == target) {
            throw std::invalid_argument("--out " + out + " is also the shard " + dir +
                                        ": merging into an input would overwrite it; choose another folder");
        }
        const fs::path path = fs::path(dir) / "summary.json";
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw std::invalid_argument(path.string() + ": cannot open (is " + dir +
                                        " an eval output folder?)");
        std::stringstream text;
        text << in.rdbuf();
        const nlohmann::json summary = nlohmann::json::parse(text.str(), nullptr, false);
        if (summary.is_discarded() || !summary.is_object())
            throw std::invalid_argument(path.string() + ": not a JSON object");
        if (headDir.empty()) {
            head = summary;
            headDir = dir;
            continue;
        }
        for (const char* key : {"policy", "tool", "max_turns"}) {
            const auto a = head.value(key, nlohmann::json()), b = summary.value(key, nlohmann::json());
            if (a != b) {
                throw std::invalid_argument("shards " + headDir + " and " + dir + " differ in " + key + " (" +
                                            a.dump() + " vs " + b.dump() +
                                            "): only shards of one evaluation can be merged");
            }
        }
    }
    return head;
}

std::string formatSummaryTable(const nlohmann::json& s) {
    auto num = [](const nlohmann::json& v, const char* f = "%.4f") {
        if (v.is_null()) return std::string("   n/a");
        char b[32];
        std::snprintf(b, sizeof b, f, v.get<double>());
        return std::string(b);
    };
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "policy %s, tool %s, %d cases (%d failed)\n",
                  s.value("policy", std::string()).c_str(), s.value("tool", std::string()).c_str(),
                  s.value("cases", 0), s.value("failed_cases", 0));
    out += line;
    std::snprintf(line, sizeof line, "%-28s %6s %8s %8s %8s\n", "target", "cases", "Dice", "IoU", "turns");
    out += line;
    for (const auto& [name, t] : s["per_target"].items()) {
        std::snprintf(line, sizeof line, "%-28.28s %6d %8s %8s %8s\n", name.c_str(), t["cases"].get<int>(),
                      num(t["mean_dice"]).c_str(), num(t["mean_iou"]).c_str(),
                      num(t["mean_turns"], "%.2f").c_str());
        out += line;
    }
    std::snprintf(line, sizeof line, "%-28s %6d %8s %8s %8s\n", "ALL", s.value("cases", 0),
                  num(s["mean_dice"]).c_str(), num(s["mean_iou"]).c_str(),
                  num(s["mean_turns"], "%.2f").c_str());
    out += line;
    std::snprintf(
        line, sizeof line,
        "median Dice %s  NSD@2mm %s  HD95 %s mm  NoC@85 %s  NoC@90 %s  reward %s  format errors %.1f%%\n",
        num(s["median_dice"]).c_str(), num(s["mean_nsd"]).c_str(), num(s["mean_hd95"], "%.2f").c_str(),
        num(s["noc85"], "%.2f").c_str(), num(s["noc90"], "%.2f").c_str(), num(s["mean_reward"]).c_str(),
        100.0 * s.value("format_error_rate", 0.0));
    out += line;
    out += "Dice after turn:";
    int k = 1;
    for (const auto& v : s["dice_at_turn"]) out += "  " + std::to_string(k++) + ": " + num(v);
    return out + "\n";
}

nlohmann::json trajectoryJson(int row, const core::Trajectory& t) {
    using nlohmann::json;
    json steps = json::array();
    for (const core::Step& s : t.steps) {
        json step = {{"actor", core::toString(s.actor)},
                     {"action",
                      {{"kind", core::toString(s.action.kind)},
                       {"x0", s.action.x0},
                       {"y0", s.action.y0},
                       {"x1", s.action.x1},
                       {"y1", s.action.y1}}},
                     {"raw_text", s.rawText},
                     {"repairs", s.repairs}};
        if (s.error.empty() && s.maskWidth > 0 && s.maskHeight > 0)
            step["call"] = core::formatAction(s.action, s.maskWidth, s.maskHeight);
        if (s.dice) step["dice"] = *s.dice;
        if (s.iou) step["iou"] = *s.iou;
        if (!s.error.empty()) step["error"] = s.error;
        steps.push_back(std::move(step));
    }
    json out = {{"row", row},
                {"image", t.task.imagePath},
                {"target", t.task.target},
                {"policy", t.policy},
                {"tool", t.tool},
                {"outcome", core::toString(t.outcome)},
                {"steps", std::move(steps)}};
    if (t.finalReward) out["final_reward"] = *t.finalReward;
    return out;
}

}  // namespace medsam::agent
