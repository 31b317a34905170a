# A library loaded at run time (util/dynlib.h) rather than linked: ddcheck_loaded_library(PREFIX)
# after pkg_check_modules(PREFIX …) found it. Sets, from the library file the headers came with:
# - PREFIX_SONAME: the name dlopen asks for, as the library records it (libzip.so.4);
# - PREFIX_PACKAGE: the Debian package that installs that file (libzip4), for the message that
#   says what to install and for the Debian package's Depends; found with dpkg-query, or made
#   from the soname by Debian's rule (libNAME.so.N → libNAMEN) where dpkg is not;
# - PREFIX_PACKAGE_VERSION: the version of that package installed here, without its Debian
#   revision (1.7.3), the least the Depends asks for; empty where dpkg is not.
# and compiles ddcheck_objects with PREFIX_SONAME and PREFIX_PACKAGE defined as strings.
function(ddcheck_loaded_library prefix)
  find_library(${prefix}_FILE NAMES ${${prefix}_LIBRARIES} HINTS ${${prefix}_LIBRARY_DIRS} REQUIRED)
  execute_process(COMMAND "${CMAKE_OBJDUMP}" -p "${${prefix}_FILE}" OUTPUT_VARIABLE dump
                  RESULT_VARIABLE status ERROR_QUIET)
  string(REGEX MATCH "SONAME +([^\n ]+)" match "${dump}")
  if(NOT status EQUAL 0 OR NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "ddcheck: cannot read the soname of ${${prefix}_FILE} with objdump")
  endif()
  set(soname "${CMAKE_MATCH_1}")
  if(NOT soname MATCHES "^(.*)\\.so\\.([0-9]+)$")
    message(FATAL_ERROR "ddcheck: the soname ${soname} is not NAME.so.N")
  endif()
  # Kept before the next MATCHES, which clears CMAKE_MATCH_n when it fails.
  set(stem "${CMAKE_MATCH_1}")
  set(major "${CMAKE_MATCH_2}")
  if(stem MATCHES "[0-9]$")
    set(package "${stem}-${major}")
  else()
    set(package "${stem}${major}")
  endif()
  set(version "")
  file(REAL_PATH "${${prefix}_FILE}" real)
  get_filename_component(dir "${real}" DIRECTORY)
  find_program(DDCHECK_DPKG_QUERY dpkg-query)
  # dpkg knows a file by the path its package installs it under: with /usr merged (Debian 12),
  # /usr/lib/… may be one dpkg knows as /lib/… (libexpat1's soname), so both are asked.
  set(paths "${dir}/${soname}")
  if(dir MATCHES "^/usr(/.+)$")
    list(APPEND paths "${CMAKE_MATCH_1}/${soname}")
  endif()
  if(DDCHECK_DPKG_QUERY)
    execute_process(COMMAND "${DDCHECK_DPKG_QUERY}" -S ${paths} OUTPUT_VARIABLE owner
                    RESULT_VARIABLE status ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(owner MATCHES "^([^:,\n]+)(:[^:\n]+)?: ")
      set(package "${CMAKE_MATCH_1}")
      execute_process(COMMAND "${DDCHECK_DPKG_QUERY}" -W -f "\${Version}" "${package}"
                      OUTPUT_VARIABLE version ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      string(REGEX REPLACE "^[0-9]+:" "" version "${version}")
      string(REGEX REPLACE "-[^-]*$" "" version "${version}")
    endif()
  endif()
  set(${prefix}_SONAME "${soname}" PARENT_SCOPE)
  set(${prefix}_PACKAGE "${package}" PARENT_SCOPE)
  set(${prefix}_PACKAGE_VERSION "${version}" PARENT_SCOPE)
  target_include_directories(ddcheck_objects PRIVATE ${${prefix}_INCLUDE_DIRS})
  target_compile_options(ddcheck_objects PRIVATE ${${prefix}_CFLAGS_OTHER})
  target_compile_definitions(ddcheck_objects PRIVATE "${prefix}_SONAME=\"${soname}\""
                                                     "${prefix}_PACKAGE=\"${package}\"")
endfunction()
