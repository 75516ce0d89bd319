/* The version of the library that is running. */
#include "internal.h"

PMINDEX_API uint32_t pmindex_version(void)
{
    return PMINDEX_VERSION_NUMBER;
}

PMINDEX_API const char *pmindex_version_string(void)
{
    return PMINDEX_VERSION_STRING;
}
