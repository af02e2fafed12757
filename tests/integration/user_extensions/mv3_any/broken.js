"use strict";
// An extension page of the probe that throws as it loads.
throw new TypeError("probe page failure");
