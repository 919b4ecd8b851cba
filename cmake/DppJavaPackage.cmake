# Java packaging (issue 20), included by bindings/CMakeLists.txt after the
# classes jar target dpp_java_classes and the JNI library target dpp_jni.
# Uses the caller's DPPB_JAVA_OUT (output directory), DPPB_JAVA_GEN (SWIG's
# generated sources, .../org/libdpp) and CMAKE_CURRENT_SOURCE_DIR
# (bindings/).
#
#   dpp_java       (ALL) ${DPPB_JAVA_OUT}/dpp.jar: the classes, a manifest
#                  with Automatic-Module-Name org.libdpp, and, with
#                  DPP_JAVA_EMBED_JNI, libdpp_jni at
#                  org/libdpp/native/<os>-<arch>/ inside the jar, which
#                  NativeLoader extracts to a private temporary directory.
#                  The JAR_FILE property points at it (INCLUDE_JARS works).
#   dpp_java_dist  dpp-VERSION.jar, dpp-VERSION-sources.jar,
#                  dpp-VERSION-javadoc.jar and dpp-VERSION.pom
#                  (org.libdpp:dpp:VERSION) in ${DPPB_JAVA_OUT}, for a Maven
#                  repository.
option(DPP_JAVA_EMBED_JNI "Put libdpp_jni inside dpp.jar (OFF for distribution packages, which install it in lib/jni)" ON)

# Same names as NativeLoader.platform(): os.name and os.arch normalised.
string(TOLOWER "${CMAKE_SYSTEM_NAME}" _dpp_os)
if(_dpp_os STREQUAL "darwin")
  set(_dpp_os macos)
endif()
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _dpp_arch)
if(_dpp_arch MATCHES "^(amd64|x86_64|x64)$")
  set(_dpp_arch x86_64)
elseif(_dpp_arch MATCHES "^(arm64|aarch64)$")
  set(_dpp_arch aarch64)
endif()
set(DPP_JAVA_NATIVE_DIR org/libdpp/native/${_dpp_os}-${_dpp_arch})

# SWIG writes the generated classes while building dpp_jni.
add_dependencies(dpp_java_classes dpp_jni)
get_target_property(_dpp_classes_jar dpp_java_classes JAR_FILE)
set(_dpp_jar ${DPPB_JAVA_OUT}/dpp.jar)
set(_dpp_manifest ${CMAKE_CURRENT_BINARY_DIR}/java-manifest.txt)
file(WRITE ${_dpp_manifest}.in
  "Automatic-Module-Name: org.libdpp\n"
  "Implementation-Title: libdpp Java bindings\n"
  "Implementation-Version: ${PROJECT_VERSION}\n"
  "Implementation-Vendor: libdpp\n")
configure_file(${_dpp_manifest}.in ${_dpp_manifest} COPYONLY)   # rewritten only on change

set(_dpp_stage ${CMAKE_CURRENT_BINARY_DIR}/java-native)
set(_dpp_embed_cmds)
set(_dpp_embed_deps)
if(DPP_JAVA_EMBED_JNI)
  set(_dpp_native ${_dpp_stage}/${DPP_JAVA_NATIVE_DIR}/${CMAKE_SHARED_LIBRARY_PREFIX}dpp_jni${CMAKE_SHARED_LIBRARY_SUFFIX})
  set(_dpp_strip_cmd)
  if(CMAKE_STRIP AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
    set(_dpp_strip_cmd COMMAND ${CMAKE_STRIP} --strip-unneeded ${_dpp_native})
  endif()
  set(_dpp_embed_cmds
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${_dpp_stage}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_dpp_stage}/${DPP_JAVA_NATIVE_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:dpp_jni> ${_dpp_native}
    ${_dpp_strip_cmd}
    COMMAND ${Java_JAR_EXECUTABLE} --update --file ${_dpp_jar}.tmp -C ${_dpp_stage} org)
  set(_dpp_embed_deps dpp_jni)
endif()
add_custom_command(OUTPUT ${_dpp_jar}
  COMMAND ${CMAKE_COMMAND} -E copy ${_dpp_classes_jar} ${_dpp_jar}.tmp
  COMMAND ${Java_JAR_EXECUTABLE} --update --file ${_dpp_jar}.tmp --manifest ${_dpp_manifest}
  ${_dpp_embed_cmds}
  COMMAND ${CMAKE_COMMAND} -E rename ${_dpp_jar}.tmp ${_dpp_jar}
  DEPENDS ${_dpp_classes_jar} dpp_java_classes ${_dpp_manifest} ${_dpp_embed_deps}
  COMMENT "dpp.jar (JNI library inside: ${DPP_JAVA_EMBED_JNI}, ${DPP_JAVA_NATIVE_DIR})"
  VERBATIM)
add_custom_target(dpp_java ALL DEPENDS ${_dpp_jar})
set_target_properties(dpp_java PROPERTIES JAR_FILE ${_dpp_jar})
install(FILES ${_dpp_jar} DESTINATION ${CMAKE_INSTALL_DATADIR}/java COMPONENT java)

# ---- Maven artefacts (not built by default) ----
set(_dpp_v ${PROJECT_VERSION})
configure_file(${PROJECT_SOURCE_DIR}/bindings/java/pom.xml.in ${DPPB_JAVA_OUT}/dpp-${_dpp_v}.pom @ONLY)
get_filename_component(_dpp_gen_root ${DPPB_JAVA_GEN}/../.. ABSOLUTE)
add_custom_target(dpp_java_dist
  COMMAND ${CMAKE_COMMAND} -E copy ${_dpp_jar} ${DPPB_JAVA_OUT}/dpp-${_dpp_v}.jar
  COMMAND ${Java_JAR_EXECUTABLE} --create --file ${DPPB_JAVA_OUT}/dpp-${_dpp_v}-sources.jar
          -C ${CMAKE_CURRENT_SOURCE_DIR}/java/src org -C ${_dpp_gen_root} org
  COMMAND ${Java_JAR_EXECUTABLE} --create --file ${DPPB_JAVA_OUT}/dpp-${_dpp_v}-javadoc.jar
          -C ${CMAKE_CURRENT_BINARY_DIR}/javadoc .
  COMMENT "Maven artefacts in ${DPPB_JAVA_OUT}: dpp-${_dpp_v}{.jar,-sources.jar,-javadoc.jar,.pom}"
  VERBATIM)
add_dependencies(dpp_java_dist dpp_java dpp_javadoc)
