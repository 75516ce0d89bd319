/* A library that says it is libpmindex of version FAKE_VERSION and has
 * nothing else: the Python module must refuse it with a clear message. */
#include <stdint.h>

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((visibility("default"))) uint32_t pmindex_version(void)
{
    return FAKE_VERSION;
}

__attribute__((visibility("default"))) const char *pmindex_version_string(void)
{
    return STR(FAKE_MAJOR) ".0.0";
}
