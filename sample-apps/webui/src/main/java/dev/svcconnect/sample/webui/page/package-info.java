/**
 * The HTML that webui sends: {@link dev.svcconnect.sample.webui.page.Pages} renders the items
 * page and the error pages, escaping every value with {@link dev.svcconnect.sample.webui.page.Html#escape}.
 */
package dev.svcconnect.sample.webui.page;
