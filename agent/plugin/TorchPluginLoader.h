#pragma once

#include <stdexcept>
#include <string>

#include "agent/plugin/TorchBackend.h"

// Finds and loads the torch plugin on first use (dlopen), so that programs that never run a torch-backed tool
// or policy never pay libtorch's start-up. See docs/architecture.md ("Heavy dependencies behind a plugin").
namespace medsam::agent {

// The plugin could not be found, loaded or trusted; the message names the file and what to do.
class TorchPluginError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The plugin's file name, looked up by the dynamic linker on the program's RUNPATH
// ($ORIGIN/../lib/medsam-agent when installed, the build tree's lib/medsam-agent when built), LD_LIBRARY_PATH
// and the system paths.
inline constexpr const char* kTorchPluginFileName = "libmedsam_torch.so";
// An explicit path to the plugin, instead of the lookup (tests, relocated installs).
inline constexpr const char* kTorchPluginEnvVar = "MEDSAM_TORCH_PLUGIN";

struct LoadedTorchPlugin {
    const TorchBackend* backend = nullptr;
    std::string path;  // the file the dynamic linker opened
};

// Loads the plugin at `file`: a path (with a '/'), or a bare file name for the dynamic linker's lookup. The
// library stays loaded for the life of the process (libtorch does not survive dlclose). Throws
// TorchPluginError naming the file when it is missing, not a loadable library (or one of its libraries is
// missing), not a MedSAM torch plugin, or built for another version of TorchBackend.
LoadedTorchPlugin loadTorchPlugin(const std::string& file);

// The process's plugin: $MEDSAM_TORCH_PLUGIN if set, else kTorchPluginFileName by lookup. Loaded by the first
// call, from any thread; later calls return the same plugin, or rethrow the first call's error.
const LoadedTorchPlugin& torchPlugin();
inline const TorchBackend& torchBackend() {
    return *torchPlugin().backend;
}

}  // namespace medsam::agent
