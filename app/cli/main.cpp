#include <cstdio>
#include <exception>
#include <vector>

#include "app/cli/Commands.h"
#include "core/io/DicomDictionary.h"

int main(int argc, char** argv) {
    // Before any thread: DCMTK's private dictionary alone costs ~18 ms per process and nothing reads private
    // tags.
    medsam::core::skipPrivateDicomDictionary();
    CLI::App app{"medsam-agent: interactive medical image segmentation by an agent, from the command line"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "medsam-agent " MEDSAM_VERSION);  // the project version, from CMake

    std::vector<std::pair<CLI::App*, medsam::cli::CommandRunner>> commands;
    commands.push_back(medsam::cli::registerInfoCommand(app));
    commands.push_back(medsam::cli::registerDemoCommand(app));
    commands.push_back(medsam::cli::registerSamCheckCommand(app));
    commands.push_back(medsam::cli::registerDbCommand(app));
    commands.push_back(medsam::cli::registerSegmentCommand(app));
    commands.push_back(medsam::cli::registerEvalCommand(app));
    commands.push_back(medsam::cli::registerPhantomsCommand(app));
    commands.push_back(medsam::cli::registerTrainCommand(app));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    for (auto& [sub, run] : commands) {
        if (sub->parsed()) {
            try {
                return run();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "medsam-agent %s: error: %s\n", sub->get_name().c_str(), e.what());
                return 1;
            }
        }
    }
    return 2;
}
