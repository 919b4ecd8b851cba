# The picture formats cli/image.c reads besides PNG and JPEG, each optional:
# WebP (libwebp-dev), TIFF (libtiff-dev), GIF (libgif-dev), HEIF/HEIC
# (libheif-dev), as global imported targets. Used by the CLI and by the image fuzz harness, so both
# compile the same decoders. dpp_image_formats(TARGET) defines
# DPP_CLI_HAVE_<FORMAT> and links each library that was found.
include_guard(GLOBAL)
find_package(PkgConfig REQUIRED)
pkg_check_modules(DPP_IMG_WEBP IMPORTED_TARGET GLOBAL libwebp)
pkg_check_modules(DPP_IMG_TIFF IMPORTED_TARGET GLOBAL libtiff-4>=4.5)
pkg_check_modules(DPP_IMG_GIF IMPORTED_TARGET GLOBAL libgif)
pkg_check_modules(DPP_IMG_HEIF IMPORTED_TARGET GLOBAL libheif)
function(dpp_image_formats t)
  foreach(f WEBP TIFF GIF HEIF)
    if(DPP_IMG_${f}_FOUND)
      target_compile_definitions(${t} PRIVATE DPP_CLI_HAVE_${f})
      target_link_libraries(${t} PRIVATE PkgConfig::DPP_IMG_${f})
    endif()
  endforeach()
endfunction()
