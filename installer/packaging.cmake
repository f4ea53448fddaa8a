# Installation layout and packages: `cmake --install` puts everything in GNU directories; CPack
# builds a Debian package on Linux (installer/linux/) and an NSIS installer on Windows
# (installer/windows/windows.cmake). Included from the top-level CMakeLists.txt after the targets.
#
#   cmake --build build -j2 && (cd build && cpack -G DEB)     # build/batchboard_0.1.0-1_amd64.deb
include(GNUInstallDirs)

# One application id everywhere: desktop file, AppStream metainfo, icon names.
set(BB_APP_ID io.github.batchboard.Batchboard)
set(BB_HOMEPAGE https://github.com/batchboard/batchboard)
set(BB_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})

if(WIN32)
    # The DLLs our executables load that are not Qt's (QtKeychain, simdjson, OpenSSL, …); Qt's own
    # come with windeployqt.
    install(TARGETS batchboard batchboard-cli gemini-emulator
        RUNTIME_DEPENDENCY_SET bb_runtime_deps
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
else()
    install(TARGETS batchboard batchboard-cli gemini-emulator RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(CPACK_PACKAGE_NAME batchboard)
set(CPACK_PACKAGE_VENDOR "The Batchboard authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Run folders of Gemini Batch API work to every result downloaded")
set(CPACK_PACKAGE_CONTACT "Batchboard maintainers <batchboard@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL ${BB_HOMEPAGE})
set(CPACK_PACKAGE_INSTALL_DIRECTORY Batchboard)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

if(UNIX AND NOT APPLE)
    set(bb_linux ${BB_PACKAGING_DIR}/linux)
    set(bb_doc ${CMAKE_INSTALL_DATADIR}/doc/batchboard)

    # Stripping (CPACK_STRIP_FILES) keeps the compiler's .comment and .note sections; drop them
    # too, as dh_strip would.
    install(CODE "
        if(CMAKE_INSTALL_DO_STRIP)
            foreach(bb_exe batchboard batchboard-cli gemini-emulator)
                execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --remove-section=.comment --remove-section=.note
                    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/\${bb_exe}\"
                    COMMAND_ERROR_IS_FATAL ANY)
            endforeach()
        endif()")

    install(FILES ${bb_linux}/${BB_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${bb_linux}/${BB_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/batchboard.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${BB_APP_ID}.svg)
    # Committed PNGs, made from the SVG by installer/make-icons.sh.
    foreach(size 16 22 24 32 48 64 128 256 512)
        install(FILES ${bb_linux}/icons/${size}x${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${BB_APP_ID}.png)
    endforeach()

    # Manual pages and the Debian changelog, compressed the way Debian wants them (-n: no name or
    # time stamp, so the package is reproducible).
    set(bb_gz_dir ${CMAKE_BINARY_DIR}/packaging)
    set(bb_gz_outputs)
    foreach(source batchboard.1 batchboard-cli.1 gemini-emulator.1 changelog.Debian)
        add_custom_command(OUTPUT ${bb_gz_dir}/${source}.gz
            COMMAND ${CMAKE_COMMAND} -E copy ${bb_linux}/${source} ${bb_gz_dir}/${source}
            COMMAND gzip -9 -n -f ${bb_gz_dir}/${source}
            DEPENDS ${bb_linux}/${source}
            COMMENT "Compressing ${source}"
            VERBATIM)
        list(APPEND bb_gz_outputs ${bb_gz_dir}/${source}.gz)
    endforeach()
    add_custom_target(bb_packaging_files ALL DEPENDS ${bb_gz_outputs})
    install(FILES ${bb_gz_dir}/batchboard.1.gz ${bb_gz_dir}/batchboard-cli.1.gz ${bb_gz_dir}/gemini-emulator.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES ${bb_linux}/copyright ${bb_gz_dir}/changelog.Debian.gz DESTINATION ${bb_doc})
    install(FILES ${bb_linux}/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME batchboard)

    set(CPACK_GENERATOR DEB)
    set(CPACK_DEBIAN_PACKAGE_NAME batchboard)
    set(CPACK_DEBIAN_PACKAGE_RELEASE 1) # must match installer/linux/changelog.Debian
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION utils)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${BB_HOMEPAGE})
    # The extended description; CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY before it as the synopsis.
    set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
        "Batchboard takes a pile of Gemini Batch API work from a folder of JSONL
files to every result downloaded, unattended, through quota errors,
expiring uploads, crashes and restarts. It uploads the files, creates batch
jobs as fast as the quota allows (never twice), waits out rate limits,
daily quotas and batch capacity limits, re-uploads expired files, polls the
jobs, downloads the results and accounts for every request key.
.
This package contains the desktop application (batchboard), its
command-line twin (batchboard-cli) and a local emulator of the Gemini Files
and Batch APIs (gemini-emulator) for trying everything without cost.")
    # Libraries we link come from dpkg-shlibdeps; these are loaded as Qt plugins at run time, so
    # shlibdeps cannot see them: the SQLite driver (the project file) and the SVG icon engine
    # (every icon). The xcb platform plugin is in libqt6gui6, which shlibdeps finds.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6")
    # A Secret Service for the API key (QtKeychain), Wayland, Qt's own translations.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
        "gnome-keyring | kwalletmanager | keepassxc, qt6-translations-l10n, qt6-wayland")
    set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON) # control files 0644, as dpkg-deb wants
endif()

if(WIN32)
    include(${BB_PACKAGING_DIR}/windows/windows.cmake)
endif()

include(CPack)
