// Force-included by the fuzz build (packaging/dev.sh fuzz). Debian's ITK 5.2 headers were generated with
// compiler detection for GCC only ("#error Unsupported compiler" under clang); clang (with
// -fgnuc-version=10.2, which dev.sh passes, as GCC 4.2 is "too old" for ITK and glibc uses GCC 11 attributes)
// accepts what ITK's GCC branch selects, so the detection header is read once with __clang__ hidden. Its
// include guard keeps it so.
#if defined(__cplusplus) && defined(__has_include)
#if __has_include(<itk_compiler_detection.h>)
#pragma push_macro("__clang__")
#undef __clang__
#include <itk_compiler_detection.h>
#pragma pop_macro("__clang__")
#endif
#endif
