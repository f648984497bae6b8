// The field app's storage on the phone (IndexedDB), with promises. Stores:
//   drafts     what is typed in a household form, saved as it is typed (key "EA/HH")
//   outbox     households submitted and not yet acknowledged by the server (key submission_id)
//   households the work list and each household as last read from the server (key "EA/HH")
//   meta       small facts: when the work list was refreshed
// Nothing here is in the service worker's caches; logging out deletes the whole database.
(function () {
  "use strict";
  const NAME = "survey-field";
  const STORES = ["drafts", "outbox", "households", "meta"];
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        const request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          const db = request.result;
          for (const name of STORES) {
            if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
          }
        };
        request.onsuccess = function () {
          const db = request.result;
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(store, mode);
        const result = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  const FieldStore = {
    get: function (store, key) { return run(store, "readonly", function (s) { return s.get(key); }); },
    put: function (store, key, value) { return run(store, "readwrite", function (s) { s.put(value, key); }); },
    remove: function (store, key) { return run(store, "readwrite", function (s) { s.delete(key); }); },
    all: function (store) { return run(store, "readonly", function (s) { return s.getAll(); }); },
    keys: function (store) { return run(store, "readonly", function (s) { return s.getAllKeys(); }); },
    replaceAll: function (store, entries) {
      return run(store, "readwrite", function (s) {
        s.clear();
        for (const [key, value] of entries) s.put(value, key);
      });
    },
    // Delete every household, draft and outbox item from the phone (after logging out).
    destroy: function () {
      return open().then(function (db) {
        db.close();
        opening = null;
        return new Promise(function (resolve, reject) {
          const request = indexedDB.deleteDatabase(NAME);
          request.onsuccess = function () { resolve(); };
          request.onerror = function () { reject(request.error); };
          request.onblocked = function () { resolve(); };
        });
      });
    },
  };
  window.FieldStore = FieldStore;
})();
