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
  target_sources(${t} PRIVATE ${DPP_SCAN_DECODE_SOURCES})
  target_include_directories(${t} PRIVATE ${DPP_SCAN_DIR})
  target_link_libraries(${t} PRIVATE PNG::PNG JPEG::JPEG)
  foreach(f WEBP TIFF GIF HEIF)
    if(DPP_IMG_${f}_FOUND)
      string(TOLOWER ${f} lf)
      target_sources(${t} PRIVATE ${DPP_SCAN_DIR}/image_${lf}.c)
      target_compile_definitions(${t} PRIVATE DPP_SCAN_HAVE_${f})
      target_link_libraries(${t} PRIVATE PkgConfig::DPP_IMG_${f})
    endif()
  endforeach()
endfunction()
