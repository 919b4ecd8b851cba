# Fails when SWIG wrote a Java class that bindings/CMakeLists.txt does not
# compile (DPPB_JAVA_GENERATED): usually a struct added to dpp_passport.h.
# Run with -DDIR=<generated dir> -DEXPECTED=<list of .java paths>.
cmake_minimum_required(VERSION 3.13)
file(GLOB written "${DIR}/*.java")
# Only files of the last SWIG run (as new as its DppNative.java): the
# directory keeps files of earlier runs.
foreach(f IN LISTS written)
  if(NOT f IN_LIST EXPECTED AND "${f}" IS_NEWER_THAN "${DIR}/DppNative.java")
    get_filename_component(n "${f}" NAME_WE)
    message(FATAL_ERROR "bindings: SWIG wrote ${n}.java, which bindings/CMakeLists.txt does not list "
      "(DPPB_JAVA_GENERATED). A new struct in the passport model? Add %rename(Native...) for it in "
      "java/dpp_java.i and the class to the list, or %ignore the member in common/dpp_core.i.")
  endif()
endforeach()
