# Install rules and the Debian package (included from the top CMakeLists.txt).
#
#   cmake --install build --prefix DIR   (or: make install PREFIX=DIR)
#     include/neurite/...                 the public headers
#     lib/libneurite.so.X.Y, libneurite.a the library, shared (SONAME) and static
#     bin/neurite                         the command
#     lib/cmake/neurite/                  find_package(neurite 0.2 CONFIG): neurite::neurite
#                                         (shared) and neurite::neurite_static
#     lib/pkgconfig/neurite.pc            pkg-config --cflags --libs neurite
#     share/doc/neurite/                  README, docs/, examples/consumer
#   cd build-deb && cpack -G DEB          (or: make deb) neurite_VERSION_amd64.deb
include(CMakePackageConfigHelpers)

set(NEURITE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/neurite)

install(TARGETS neurite_shared neurite_static EXPORT neurite-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS neurite RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/neurite DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT neurite-targets NAMESPACE neurite:: DESTINATION ${NEURITE_CMAKE_DIR})
configure_package_config_file(cmake/neurite-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/neurite-config.cmake INSTALL_DESTINATION ${NEURITE_CMAKE_DIR})
# Before 1.0 a minor version may change the API: 0.2 accepts 0.2.x only.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/neurite-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/neurite-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/neurite-config-version.cmake
        DESTINATION ${NEURITE_CMAKE_DIR})

# pkg-config: written at install time, so that the prefix in it is the one
# installed into (cmake --install --prefix may differ from the configured one).
set(NEURITE_PC_PRIVATE "-fopenmp -lz")
if(NEURITE_USE_ONEDNN)
  string(PREPEND NEURITE_PC_PRIVATE "-ldnnl ")
endif()
install(CODE "
  set(NEURITE_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(NEURITE_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(NEURITE_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(NEURITE_PC_PRIVATE \"${NEURITE_PC_PRIVATE}\")
  set(PROJECT_DESCRIPTION \"${PROJECT_DESCRIPTION}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${CMAKE_CURRENT_SOURCE_DIR}/cmake/neurite.pc.in\"
                 \"${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/neurite.pc\" @ONLY)
")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/neurite.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY examples/consumer DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# ---- the Debian package (make deb) --------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME neurite)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "neural networks from the McCulloch-Pitts neuron to deep MLPs")
set(CPACK_PACKAGE_DESCRIPTION "neurite trains, evaluates and ships multilayer networks in C++.
This package holds the neurite command, the library (shared and static),
its headers, and its CMake (find_package(neurite)) and pkg-config files.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "neurite developers <neurite@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# The run-time libraries come from dpkg-shlibdeps; the development packages
# are what the installed CMake package's find_dependency() calls and the
# static library need (oneDNN's CMake package needs OpenCL's).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "zlib1g-dev")
if(NEURITE_USE_ONEDNN)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libdnnl-dev, ocl-icd-opencl-dev")
endif()
include(CPack)
