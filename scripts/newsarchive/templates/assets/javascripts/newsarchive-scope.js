/* Material 9.8's partials/javascripts/base.html (its helpers for this site's storage), as a
   file: __md_scope, the site's root, is found from this file's own address
   (assets/javascripts/ under the root) where Material writes the page's base_url. Loaded
   where Material runs it, at the top of <head>. The helpers are Material's, byte for byte. */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
