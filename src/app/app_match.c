/* app_match.c: matching sensor logs and recording sightings. */
#include "app/app_internal.h"

void app_snaps_free(struct app_snaps *s)
{
    (void)s; /* the live snapshot moves here from src/http (app_match) */
}
