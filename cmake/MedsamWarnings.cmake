# One place for the warning flags every project target gets (third-party headers are SYSTEM, so stay quiet).
add_library(medsam_warnings INTERFACE)
target_compile_options(medsam_warnings INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-align
      -Woverloaded-virtual -Wimplicit-fallthrough>
    # GCC's spelling; clang (the fuzz build) has no -Wshadow=local and warned about the flag on every file.
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)
if(MEDSAM_WARNINGS_AS_ERRORS)
  target_compile_options(medsam_warnings INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()
