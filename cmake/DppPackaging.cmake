# Packaging (issue 20): documents installed with the library, and CPack for a
# binary tarball. Included by the top CMakeLists.txt after the install rules.
#
#   cmake --build build && (cd build && cpack -G TGZ)
#     -> build/libdpp-VERSION-Linux-x86_64.tar.gz: everything `cmake --install`
#        puts under the prefix (library, headers, pkg-config and CMake files,
#        the dpp tool and its man page, the bindings when built), plus
#        share/doc/dpp/{LICENSE,NOTICE,README.md,CHANGELOG.md}
#   (cd build && cpack --config CPackSourceConfig.cmake)
#     -> the source tarball (no build directories, no VCS data)
#
# Distribution packages (debian/) build with DPP_INSTALL_DOCS=OFF: they
# install the licence their own way (debian/copyright).

# The project's home page, for package metadata (pom, CPack); the Python
# metadata in bindings/python/pyproject.toml names the same URL.
set(DPP_PROJECT_URL "https://libdpp.example/" CACHE STRING "Home page of the project (package metadata)")

option(DPP_INSTALL_DOCS "Install LICENSE, NOTICE, README.md and CHANGELOG.md into share/doc/dpp" ON)
if(DPP_INSTALL_DOCS)
  install(FILES LICENSE NOTICE README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT doc)
endif()

set(CPACK_PACKAGE_NAME libdpp)
set(CPACK_PACKAGE_VENDOR "libdpp")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Signed digital product passports in one QR code")
set(CPACK_PACKAGE_HOMEPAGE_URL "${DPP_PROJECT_URL}")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${CMAKE_CURRENT_SOURCE_DIR}/README.md)
set(CPACK_GENERATOR TGZ)
set(CPACK_PACKAGE_FILE_NAME "libdpp-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME "libdpp-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/demo-out/" "/node_modules/" "__pycache__"
    "\\\\.pyc$" "\\\\.egg-info/" "/debian/\\\\.debhelper/" "/obj-[^/]*/")
include(CPack)
