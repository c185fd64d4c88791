// Stand-ins for broken plugins (tst_TorchPluginLoader): built without MEDSAM_FAKE_ABI it is a library with
// neither entry point; with it, a plugin of another interface version.
#ifdef MEDSAM_FAKE_ABI
extern "C" __attribute__((visibility("default"))) int medsam_torch_abi_version() {
    return MEDSAM_FAKE_ABI;
}
extern "C" __attribute__((visibility("default"))) const void* medsam_torch_backend() {
    return nullptr;
}
#else
extern "C" __attribute__((visibility("default"))) int medsam_fake_plugin_marker() {
    return 42;
}
#endif
