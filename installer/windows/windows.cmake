# Windows installer (CPack NSIS). UNTESTED: written on Debian without a Windows machine; see
# README.md, "Building on Windows". Included from installer/packaging.cmake when WIN32.
#
#   cmake -S . -B build -G "Visual Studio 17 2022" -DCMAKE_PREFIX_PATH=C:/Qt/6.4.2/msvc2019_64 ^
#         -DCMAKE_TOOLCHAIN_FILE=C:/vcpkg/scripts/buildsystems/vcpkg.cmake -DBB_BUILD_TESTS=OFF
#   cmake --build build --config Release
#   cd build && cpack -G NSIS -C Release        # Batchboard-0.1.0-win64.exe

set(bb_windows ${CMAKE_CURRENT_LIST_DIR})

# A GUI program (no console window) with the application icon embedded.
set_target_properties(batchboard PROPERTIES WIN32_EXECUTABLE ON)
target_sources(batchboard PRIVATE ${bb_windows}/batchboard.rc)

# QtKeychain's DLL, named explicitly: Qt's deployment tool does not know it.
if(TARGET qt6keychain)
    install(IMPORTED_RUNTIME_ARTIFACTS qt6keychain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# QtKeychain's own translations, where Batchboard looks for them first (bin/translations).
get_filename_component(bb_keychain_prefix "${Qt6Keychain_DIR}/../../.." ABSOLUTE)
file(GLOB bb_keychain_qm
    "${bb_keychain_prefix}/share/qt6keychain/translations/*.qm"
    "${bb_keychain_prefix}/translations/*.qm")
if(bb_keychain_qm)
    install(FILES ${bb_keychain_qm} DESTINATION ${CMAKE_INSTALL_BINDIR}/translations)
endif()

# The other non-Qt DLLs the executables load (simdjson, OpenSSL's libcrypto, zlib from vcpkg…),
# found by reading the executables' imports; Qt's DLLs and the system's are left to windeployqt
# and Windows.
set(bb_dll_dirs)
foreach(prefix IN LISTS CMAKE_PREFIX_PATH)
    list(APPEND bb_dll_dirs ${prefix}/bin)
endforeach()
if(VCPKG_INSTALLED_DIR AND VCPKG_TARGET_TRIPLET)
    list(APPEND bb_dll_dirs ${VCPKG_INSTALLED_DIR}/${VCPKG_TARGET_TRIPLET}/bin)
endif()
install(RUNTIME_DEPENDENCY_SET bb_runtime_deps
    PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^Qt6" "^qt6"
    POST_EXCLUDE_REGEXES ".*[Ss]ystem32/.*\\.dll$" ".*[Ss]ys[Ww][Oo][Ww]64/.*\\.dll$"
    DIRECTORIES ${bb_dll_dirs}
    DESTINATION ${CMAKE_INSTALL_BINDIR})

# The MSVC runtime (vcruntime140.dll, msvcp140.dll …) next to the executables.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

# windeployqt copies Qt's DLLs, the plugins we load at run time (platforms/qwindows,
# sqldrivers/qsqlite, iconengines/qsvgicon, imageformats, tls/qschannelbackend and
# qopensslbackend, styles) and Qt's translations into the installed bin folder. It runs at
# install time, so it works for `cmake --install` and for CPack's staging folder alike.
get_target_property(bb_qmake Qt6::qmake IMPORTED_LOCATION)
get_filename_component(bb_qt_bin ${bb_qmake} DIRECTORY)
find_program(BB_WINDEPLOYQT windeployqt HINTS ${bb_qt_bin} REQUIRED)
install(CODE "
    set(bb_bin \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    message(STATUS \"windeployqt: \${bb_bin}\")
    execute_process(
        COMMAND \"${BB_WINDEPLOYQT}\" $<IF:$<CONFIG:Debug>,--debug,--release>
                --no-compiler-runtime --no-opengl-sw --no-system-d3d-compiler
                --dir \"\${bb_bin}\"
                \"\${bb_bin}/batchboard.exe\" \"\${bb_bin}/batchboard-cli.exe\" \"\${bb_bin}/gemini-emulator.exe\"
        RESULT_VARIABLE bb_rc)
    if(NOT bb_rc EQUAL 0)
        message(FATAL_ERROR \"windeployqt failed (\${bb_rc})\")
    endif()
")

set(CPACK_GENERATOR NSIS)
set(CPACK_PACKAGE_FILE_NAME "Batchboard-${PROJECT_VERSION}-win64")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY Batchboard)
# Start-menu shortcut "Batchboard" to bin\batchboard.exe (CPACK_PACKAGE_EXECUTABLES pairs).
set(CPACK_PACKAGE_EXECUTABLES batchboard Batchboard)
set(CPACK_CREATE_DESKTOP_LINKS batchboard)
set(CPACK_NSIS_PACKAGE_NAME Batchboard)
set(CPACK_NSIS_DISPLAY_NAME "Batchboard ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON ${bb_windows}/batchboard.ico)
set(CPACK_NSIS_MUI_UNIICON ${bb_windows}/batchboard.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\batchboard.exe)
set(CPACK_NSIS_URL_INFO_ABOUT ${BB_HOMEPAGE})
set(CPACK_NSIS_HELP_LINK ${BB_HOMEPAGE})
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN batchboard.exe)
# The command-line tools are on PATH only when the user ticks the box in the installer.
set(CPACK_NSIS_MODIFY_PATH ON)
