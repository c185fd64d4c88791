# The Debian packages, built by CPack's DEB generator (`packaging/dev.sh package`; docs/packaging.md):
#   medsam-studio        both programs, the desktop entry, AppStream metainfo, icon, copyright and changelog
#   medsam-studio-torch  the torch plugin (lib/medsam-agent/libmedsam_torch.so): the SAM-family tool and the
#                        TorchScript policy. Debian's libtorch1.13 pulls in about 1 GB (OpenCV, FFmpeg, BLAS...),
#                        which the viewer, the weight-free tool and the MLLM agent never load, so it is a package
#                        of its own that medsam-studio recommends (apt installs it unless told not to).
# Runtime dependencies come from dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS) plus the plugins Qt loads
# with dlopen, which no ELF file names.
set(MEDSAM_PACKAGE_MAINTAINER "MedSAM Agent Studio maintainers <maintainers@users.noreply.r-seed-9f3f6bfd.example>"
    CACHE STRING "Maintainer of the Debian packages: Name <email>")
set(MEDSAM_HOMEPAGE "https://github.com/medsam/medsam-agent-studio"
    CACHE STRING "Project home page, for the package, the AppStream metainfo and the copyright file")
set(MEDSAM_SCREENSHOT_URL "https://raw.githubusercontent.com/medsam/medsam-agent-studio/main/docs/studio-main-window.png"
    CACHE STRING "Where docs/studio-main-window.png is published, for the AppStream metainfo")
# The date of this version's release (ISO 8601), for the metainfo's <release> and the Debian changelog.
set(MEDSAM_RELEASE_DATE "2026-11-30")
set(MEDSAM_DEB_RELEASE 1)
set(MEDSAM_DEB_VERSION "${PROJECT_VERSION}-${MEDSAM_DEB_RELEASE}")
execute_process(COMMAND date -u -R -d "${MEDSAM_RELEASE_DATE} 12:00:00"
    OUTPUT_VARIABLE MEDSAM_RELEASE_DATE_RFC2822 OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)

# The files besides the programs: desktop entry, metainfo, and per package the copyright and changelog.
set(_pkg_src "${PROJECT_SOURCE_DIR}/packaging/debian")
set(_pkg_out "${PROJECT_BINARY_DIR}/packaging")
set(MEDSAM_METAINFO_ID "io.github.medsam.Studio")
configure_file("${_pkg_src}/${MEDSAM_METAINFO_ID}.metainfo.xml.in" "${_pkg_out}/${MEDSAM_METAINFO_ID}.metainfo.xml" @ONLY)
configure_file("${_pkg_src}/copyright.in" "${_pkg_out}/copyright" @ONLY)
configure_file("${_pkg_src}/changelog.Debian.in" "${_pkg_out}/changelog.Debian" @ONLY)
# Debian installs changelogs and manual pages compressed. gzip -n: no name or time stamp inside, so the same
# sources give the same package.
set(_gzipped)
foreach(_file "${_pkg_out}/changelog.Debian" "${_pkg_src}/medsam-agent.1" "${_pkg_src}/medsam-studio.1")
  get_filename_component(_name "${_file}" NAME)
  add_custom_command(OUTPUT "${_pkg_out}/${_name}.gz" COMMAND gzip -9nc "${_file}" > "${_pkg_out}/${_name}.gz"
                     DEPENDS "${_file}" VERBATIM)
  list(APPEND _gzipped "${_pkg_out}/${_name}.gz")
endforeach()
add_custom_target(medsam_package_files ALL DEPENDS ${_gzipped})

install(FILES "${_pkg_out}/medsam-agent.1.gz" "${_pkg_out}/medsam-studio.1.gz"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT studio)
install(FILES "${_pkg_src}/medsam-studio.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications"
        COMPONENT studio)
install(FILES "${_pkg_out}/${MEDSAM_METAINFO_ID}.metainfo.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo"
        COMPONENT studio)
set(_components studio torch)
set(_packages medsam-studio medsam-studio-torch)
foreach(_component _package IN ZIP_LISTS _components _packages)
  install(FILES "${_pkg_out}/copyright" "${_pkg_out}/changelog.Debian.gz"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${_package}" COMPONENT ${_component})
endforeach()
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/medsam-studio"
        COMPONENT studio)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME medsam-studio)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "MedSAM Agent Studio developers")
set(CPACK_PACKAGE_CONTACT "${MEDSAM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL studio torch)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${MEDSAM_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MEDSAM_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${MEDSAM_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_STUDIO_PACKAGE_NAME medsam-studio)
# libqt6svg6: the SVG icon engine and image-format plugins that draw the icons (loaded by Qt, not linked).
set(CPACK_DEBIAN_STUDIO_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_STUDIO_PACKAGE_RECOMMENDS "medsam-studio-torch")
set(CPACK_COMPONENT_STUDIO_DESCRIPTION "interactive medical image segmentation with an AI agent
MedSAM Agent Studio segments medical images interactively, the way an expert
annotator does (box, positive and negative clicks, watch the mask, repeat),
and reviews, corrects and curates the trajectories into training data.
.
This package holds the desktop application medsam-studio (slice and 3D views,
label tools, the AI prompt tool, the live agent) and the command-line tool
medsam-agent (segment, evaluate, manage project databases). The SAM-family
tool and the TorchScript policy need medsam-studio-torch.")

set(CPACK_DEBIAN_TORCH_PACKAGE_NAME medsam-studio-torch)
set(CPACK_DEBIAN_TORCH_PACKAGE_DEPENDS "medsam-studio (= ${MEDSAM_DEB_VERSION})")
set(CPACK_DEBIAN_TORCH_PACKAGE_SECTION science)
set(CPACK_COMPONENT_TORCH_DESCRIPTION "libtorch plugin for MedSAM Agent Studio
The plugin that runs SAM-family segmentation models (MedSAM2, SAM 2.1, MedSAM,
SAM) exported to TorchScript, and the compact TorchScript policy, with Debian's
libtorch. medsam-studio and medsam-agent load it on first use.")

include(CPack)
