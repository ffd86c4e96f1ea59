/** The web page's server side: the switch, the servlet, the access token, the command jobs and the file areas. */
package org.alphaclip.web.internal;
