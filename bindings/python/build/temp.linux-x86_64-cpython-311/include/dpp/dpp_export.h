/* Written by bindings/python/setup.py: libdpp compiled into the extension. */
#ifndef DPP_API_H
#define DPP_API_H
#define DPP_API
#define DPP_NO_EXPORT
#define DPP_DEPRECATED __attribute__((__deprecated__))
#define DPP_DEPRECATED_EXPORT DPP_DEPRECATED
#define DPP_DEPRECATED_NO_EXPORT DPP_DEPRECATED
#endif
