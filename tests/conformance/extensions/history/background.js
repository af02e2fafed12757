"use strict";
// Nothing to do in the background: the harness runs calls in this extension through browser.extension(id).
