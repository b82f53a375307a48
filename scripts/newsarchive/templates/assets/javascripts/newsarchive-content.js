/* Material 9.8's partials/javascripts/content.html (a link to a tab selects it), as a file:
   run where Material runs it, after the page's content. Kept byte for byte. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
