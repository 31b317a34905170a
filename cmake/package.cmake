# `cpack -G DEB`: one package, ddcheck, holding the program, the libraries, the header, the
# pkg-config and CMake files, the docs and the examples, installed under /usr. Its Depends come
# from dpkg-shlibdeps; docs/packaging.md lists lintian's remarks and why each is left.
set(DDCHECK_PACKAGE_CONTACT "ddcheck maintainers <ddcheck@example.org>" CACHE STRING
    "Maintainer of the Debian package (name <address>)")
set(CPACK_PACKAGE_NAME ddcheck)
set(CPACK_PACKAGE_VENDOR "The ddcheck authors")
set(CPACK_PACKAGE_CONTACT "${DDCHECK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "due-diligence checklist evaluator for extractive-industry projects")
set(CPACK_PACKAGE_DESCRIPTION
    "ddcheck checks extractive-industry project proposals (one CSV row each)\n\
against a gender and social-inclusion due-diligence checklist written in\n\
JSON Logic, and writes pass/gap reports (text, Markdown, HTML, JSON, CSV,\n\
JUnit, SARIF, TAP and more).\n\
.\n\
The package also holds libddcheck, its header, and the pkg-config and CMake\n\
files for programs that embed it.")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The libraries loaded at run time for workbooks (cmake/loaded.cmake) are no link dpkg-shlibdeps
# sees: named here, at least the version built against, as their shlibs files would name them.
# Depends, not Recommends: reading and writing Excel is one of the program's documented jobs.
set(DDCHECK_LOADED_DEPENDS "")
foreach(entry IN LISTS DDCHECK_LOADED_MODULES)
  string(REGEX REPLACE "=.*" "" prefix "${entry}")
  set(dep "${${prefix}_PACKAGE}")
  if(${prefix}_PACKAGE_VERSION)
    string(APPEND dep " (>= ${${prefix}_PACKAGE_VERSION})")
  endif()
  list(APPEND DDCHECK_LOADED_DEPENDS "${dep}")
endforeach()
string(REPLACE ";" ", " CPACK_DEBIAN_PACKAGE_DEPENDS "${DDCHECK_LOADED_DEPENDS}")
# The library's shlibs file and an ldconfig trigger, rather than CPack's maintainer scripts that
# run ldconfig (which Debian has replaced by the trigger).
configure_file(cmake/debian/shlibs.in "${CMAKE_CURRENT_BINARY_DIR}/debian/shlibs" @ONLY)
configure_file(cmake/debian/triggers "${CMAKE_CURRENT_BINARY_DIR}/debian/triggers" COPYONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_BINARY_DIR}/debian/shlibs;${CMAKE_CURRENT_BINARY_DIR}/debian/triggers")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# What Debian asks of every package's doc folder: the copyright file and the changelog
# (compressed without a timestamp, so that two builds give the same bytes).
configure_file(cmake/debian/changelog.in "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog" @ONLY)
add_custom_command(OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz"
  COMMAND gzip -9nf "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog" -c > "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz"
  DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog" VERBATIM)
add_custom_target(ddcheck_debian_changelog ALL DEPENDS "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz")
install(FILES cmake/debian/copyright "${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz"
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
set(CPACK_GENERATOR DEB)
include(CPack)
