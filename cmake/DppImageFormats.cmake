# The picture decoders of libdpp_scan (libdpp/scan/image_*.c) and the
# optional formats besides PNG and JPEG: WebP (libwebp-dev), TIFF
# (libtiff-dev), GIF (libgif-dev), HEIF/HEIC (libheif-dev), as global
# imported targets. Used by libdpp_scan and by the image fuzz harness, which
# compiles the decoders itself (instrumented). dpp_scan_decoders(TARGET)
# adds the decoder sources of the formats found, defines
# DPP_SCAN_HAVE_<FORMAT> and links their libraries (PNG::PNG and JPEG::JPEG
# too: the caller has found JPEG).
include_guard(GLOBAL)
find_package(PkgConfig REQUIRED)
pkg_check_modules(DPP_IMG_WEBP IMPORTED_TARGET GLOBAL libwebp)
pkg_check_modules(DPP_IMG_TIFF IMPORTED_TARGET GLOBAL libtiff-4>=4.5)
pkg_check_modules(DPP_IMG_GIF IMPORTED_TARGET GLOBAL libgif)
pkg_check_modules(DPP_IMG_HEIF IMPORTED_TARGET GLOBAL libheif)
set(DPP_SCAN_DIR ${CMAKE_CURRENT_LIST_DIR}/../libdpp/scan)
set(DPP_SCAN_DECODE_SOURCES
  ${DPP_SCAN_DIR}/image_decode.c ${DPP_SCAN_DIR}/image_common.c ${DPP_SCAN_DIR}/image_png.c
  ${DPP_SCAN_DIR}/image_jpeg.c ${DPP_SCAN_DIR}/image_exif.c ${DPP_SCAN_DIR}/image_bmp.c)
function(dpp_scan_decoders t)
  # A function sees its caller's variables, not this file's: the paths are
  # taken from where the function is defined, and JPEG is found in the
  # caller's directory (imported targets are per directory).
  set(dir ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../libdpp/scan)
  if(NOT TARGET JPEG::JPEG)
    find_package(JPEG REQUIRED)
  endif()
  if(NOT TARGET PNG::PNG)
    find_package(PNG REQUIRED)
  endif()
  target_sources(${t} PRIVATE ${dir}/image_decode.c ${dir}/image_common.c ${dir}/image_png.c
    ${dir}/image_jpeg.c ${dir}/image_exif.c ${dir}/image_bmp.c)
  target_include_directories(${t} PRIVATE ${dir})
  target_link_libraries(${t} PRIVATE PNG::PNG JPEG::JPEG)
  foreach(f WEBP TIFF GIF HEIF)
    if(DPP_IMG_${f}_FOUND)
      string(TOLOWER ${f} lf)
      target_sources(${t} PRIVATE ${dir}/image_${lf}.c)
      target_compile_definitions(${t} PRIVATE DPP_SCAN_HAVE_${f})
      target_link_libraries(${t} PRIVATE PkgConfig::DPP_IMG_${f})
    endif()
  endforeach()
endfunction()
