#include "agent/plugin/TorchPluginLoader.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace medsam::agent {

namespace {

using AbiFn = int (*)();
using BackendFn = const TorchBackend* (*)();

std::string dlerrorText() {
    const char* e = dlerror();
    return e ? e : "unknown error";
}

// The file the dynamic linker actually opened (a bare name resolves somewhere on the search path).
std::string openedPath(void* handle, const std::string& requested) {
    link_map* map = nullptr;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name && *map->l_name) {
        return std::filesystem::path(map->l_name).lexically_normal().string();  // $ORIGIN/../lib/...
    }
    return requested;
}

}  // namespace

LoadedTorchPlugin loadTorchPlugin(const std::string& file) {
    const bool isPath = file.find('/') != std::string::npos;
    std::error_code ec;
    if (isPath && !std::filesystem::exists(file, ec)) {
        throw TorchPluginError("the torch plugin " + file + " does not exist");
    }
    // RTLD_LOCAL: the plugin's copies of our static libraries must not interpose on the program's.
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const std::string why = dlerrorText();
        if (isPath) throw TorchPluginError("cannot load the torch plugin " + file + ": " + why);
        throw TorchPluginError("cannot load the torch plugin " + file +
                               " (looked on the program's RUNPATH, LD_LIBRARY_PATH and the system library "
                               "path; set " +
                               kTorchPluginEnvVar + "=/path/to/" + kTorchPluginFileName + "): " + why);
    }
    const std::string path = openedPath(handle, file);
    // Never dlclose: a half-checked handle is left loaded too (libtorch's static state does not unload).
    auto abi = reinterpret_cast<AbiFn>(dlsym(handle, kTorchPluginAbiSymbol));
    auto backendFn = reinterpret_cast<BackendFn>(dlsym(handle, kTorchPluginBackendSymbol));
    if (!abi || !backendFn) {
        throw TorchPluginError(path + " is not a MedSAM torch plugin (it exports no " +
                               (abi ? kTorchPluginBackendSymbol : kTorchPluginAbiSymbol) + ")");
    }
    if (abi() != kTorchPluginAbi) {
        throw TorchPluginError("the torch plugin " + path + " implements interface version " +
                               std::to_string(abi()) + ", this program needs version " +
                               std::to_string(kTorchPluginAbi) + ": install the plugin built with it");
    }
    const TorchBackend* backend = backendFn();
    if (!backend) throw TorchPluginError("the torch plugin " + path + " returned no backend");
    return {backend, path};
}

const LoadedTorchPlugin& torchPlugin() {
    // Once per process: every worker of an evaluation shares the plugin, and a failure is not retried (each
    // retry would pay the failed load again and could give a different answer to each worker).
    static std::once_flag once;
    static LoadedTorchPlugin plugin;
    static std::string error;
    std::call_once(once, [] {
        const char* env = std::getenv(kTorchPluginEnvVar);
        const std::string file = env && *env ? env : kTorchPluginFileName;
        try {
            plugin = loadTorchPlugin(file);
        } catch (const TorchPluginError& e) {
            error = std::string(e.what()) +
                    (env && *env ? std::string(" (from ") + kTorchPluginEnvVar + ")" : "");
        }
    });
    if (!plugin.backend) throw TorchPluginError(error);
    return plugin;
}

}  // namespace medsam::agent
