//! The process's Java VM, and the one thread all Keystore JNI work runs on.
//!
//! **Finding the VM.** The Kotlin layer reaches this library through JNA, which loads it with
//! `dlopen`: `JNI_OnLoad` is not called then. So the VM comes from, in order: [`set_java_vm`]
//! (the bindings' `JNI_OnLoad`, run when the Android initialiser calls `System.loadLibrary`),
//! else `JNI_GetCreatedJavaVMs`, resolved at run time from the libraries already in the process
//! (libjvm on a desktop JVM, libnativehelper / libart on Android). Nothing links against
//! libjvm, and no second VM is ever loaded (`RTLD_NOLOAD`).
//!
//! **Threads.** Every Keystore call runs on one dedicated thread, `cognito-auth-keystore`,
//! attached to the VM once, **as a daemon** (`AttachCurrentThreadAsDaemon`), for the life of
//! the process: no attach/detach per call, a JVM that exits is never kept waiting for it, and
//! Keystore operations are serialised. Class references are looked up on the app's thread that
//! creates the store and kept as global references (a natively attached thread only sees the
//! system class loader). The bindings' tokio threads are attached the same way (as daemons,
//! for their whole life, detached when they stop) through [`attach_to_java_vm`], so Kotlin
//! callbacks from them do not attach and detach every time.

use crate::storage::StorageError;
use jni::{Env, JavaVM, sys};
use std::ffi::{CStr, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Mutex, OnceLock, mpsc};

/// The VM given by `JNI_OnLoad`, if the library was loaded by `System.loadLibrary`.
static ONLOAD_VM: AtomicPtr<sys::JavaVM> = AtomicPtr::new(std::ptr::null_mut());

/// Records the VM passed to `JNI_OnLoad` (call it from there).
///
/// # Safety
/// `vm` must be the valid `JavaVM` pointer the VM passed to `JNI_OnLoad`.
pub unsafe fn set_java_vm(vm: *mut sys::JavaVM) {
    ONLOAD_VM.store(vm, Ordering::Release);
}

/// The process's VM.
pub(super) fn java_vm() -> Result<JavaVM, StorageError> {
    if let Ok(vm) = JavaVM::singleton() {
        return Ok(vm);
    }
    let mut raw = ONLOAD_VM.load(Ordering::Acquire);
    if raw.is_null() {
        raw = created_java_vm()?;
    }
    // SAFETY: a VM pointer from JNI_OnLoad or JNI_GetCreatedJavaVMs (JNI >= 1.4 everywhere).
    Ok(unsafe { JavaVM::from_raw(raw) })
}

type GetCreatedJavaVms =
    unsafe extern "system" fn(*mut *mut sys::JavaVM, sys::jsize, *mut sys::jsize) -> sys::jint;

#[cfg(unix)]
fn created_java_vm() -> Result<*mut sys::JavaVM, StorageError> {
    let name = c"JNI_GetCreatedJavaVMs";
    let symbol = find_loaded_symbol(name).ok_or_else(|| {
        StorageError::Unavailable(
            "no Java VM in this process (JNI_GetCreatedJavaVMs not found): create the Keystore \
             store from Kotlin, after CognitoAuth.initialize(context)"
                .into(),
        )
    })?;
    // SAFETY: the symbol is JNI_GetCreatedJavaVMs, whose signature is fixed by the JNI spec.
    let get: GetCreatedJavaVms = unsafe { std::mem::transmute(symbol) };
    let mut vm: *mut sys::JavaVM = std::ptr::null_mut();
    let mut count: sys::jsize = 0;
    // SAFETY: room for one VM (a process has at most one).
    let rc = unsafe { get(&mut vm, 1, &mut count) };
    if rc != sys::JNI_OK || count < 1 || vm.is_null() {
        return Err(StorageError::Unavailable(format!(
            "JNI_GetCreatedJavaVMs found no Java VM (rc {rc}, {count} VMs)"
        )));
    }
    Ok(vm)
}

#[cfg(not(unix))]
fn created_java_vm() -> Result<*mut sys::JavaVM, StorageError> {
    Err(StorageError::Unavailable(
        "finding the Java VM is implemented for Unix-like systems only".into(),
    ))
}

/// `name` from a library already loaded in the process: the global scope first (the `java`
/// launcher loads libjvm with `RTLD_GLOBAL`), then the VM libraries by name, never loading one.
#[cfg(unix)]
fn find_loaded_symbol(name: &CStr) -> Option<*mut c_void> {
    // SAFETY: dlsym/dlopen with NUL-terminated names; RTLD_NOLOAD only returns a handle to a
    // library that is already loaded, and the handle is closed again (the library stays).
    unsafe {
        let found = libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr());
        if !found.is_null() {
            return Some(found);
        }
        let libraries: [&CStr; 4] = [
            c"libnativehelper.so",
            c"libart.so",
            c"libjvm.so",
            c"libjvm.dylib",
        ];
        for library in libraries {
            let handle = libc::dlopen(library.as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD);
            if handle.is_null() {
                continue;
            }
            let found = libc::dlsym(handle, name.as_ptr());
            libc::dlclose(handle);
            if !found.is_null() {
                return Some(found);
            }
        }
        None
    }
}

type Job = Box<dyn FnOnce(&mut Env<'_>) + Send>;

/// The dedicated JNI thread's queue.
struct Worker {
    jobs: Mutex<mpsc::Sender<Job>>,
}

fn worker() -> Result<&'static Worker, StorageError> {
    static WORKER: OnceLock<Result<Worker, String>> = OnceLock::new();
    WORKER
        .get_or_init(|| {
            let vm = java_vm().map_err(|e| e.to_string())?;
            let (tx, rx) = mpsc::channel::<Job>();
            let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
            std::thread::Builder::new()
                .name("cognito-auth-keystore".into())
                .spawn(move || {
                    let attached = attach_as_daemon(&vm);
                    let ok = attached.is_ok();
                    let _ = ready_tx.send(attached);
                    if !ok {
                        return;
                    }
                    while let Ok(job) = rx.recv() {
                        // Each job in its own local frame: its local references die with it.
                        let _ = vm.with_local_frame(32, |env| -> jni::errors::Result<()> {
                            job(env);
                            Ok(())
                        });
                    }
                })
                .map_err(|e| format!("cannot start the keystore thread: {e}"))?;
            ready_rx
                .recv()
                .map_err(|_| "the keystore thread ended at start".to_owned())??;
            Ok(Worker {
                jobs: Mutex::new(tx),
            })
        })
        .as_ref()
        .map_err(|e| StorageError::Unavailable(e.clone()))
}

fn attach_as_daemon(vm: &JavaVM) -> Result<(), String> {
    let name = std::thread::current()
        .name()
        .and_then(|n| std::ffi::CString::new(n).ok())
        .unwrap_or_else(|| c"cognito-auth".to_owned());
    let raw = vm.get_raw();
    let mut env: *mut c_void = std::ptr::null_mut();
    let mut args = sys::JavaVMAttachArgs {
        version: sys::JNI_VERSION_1_6,
        name: name.as_ptr() as *mut _,
        group: std::ptr::null_mut(),
    };
    // SAFETY: a valid VM (JNI >= 1.4 has AttachCurrentThreadAsDaemon); out pointer and args
    // live for the call.
    let rc = unsafe {
        ((*(*raw)).v1_4.AttachCurrentThreadAsDaemon)(
            raw,
            &mut env,
            &mut args as *mut sys::JavaVMAttachArgs as *mut c_void,
        )
    };
    if rc == sys::JNI_OK {
        Ok(())
    } else {
        Err(format!(
            "cannot attach the keystore thread to the Java VM (rc {rc})"
        ))
    }
}

thread_local! {
    /// This thread was attached by [`attach_to_java_vm`] (and must be detached before it ends).
    static ATTACHED_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Attaches the calling thread to the process's Java VM as a daemon, when there is a VM and
/// the thread is not attached yet. For the threads of a runtime that call into Kotlin (app
/// `SecureStorage` implementations, presenters): JNA would otherwise attach and detach the
/// thread around every callback. Call [`detach_from_java_vm`] before the thread ends (Android
/// aborts a thread that exits attached).
pub fn attach_to_java_vm() {
    let Ok(vm) = java_vm() else { return };
    if vm.is_thread_attached().unwrap_or(true) {
        return;
    }
    if attach_as_daemon(&vm).is_ok() {
        ATTACHED_HERE.with(|a| a.set(true));
    }
}

/// Detaches a thread attached by [`attach_to_java_vm`]; anything else is left alone.
pub fn detach_from_java_vm() {
    if !ATTACHED_HERE.with(|a| a.replace(false)) {
        return;
    }
    if let Ok(vm) = java_vm() {
        let raw = vm.get_raw();
        // SAFETY: this thread attached itself (no Java frames of its own on the stack).
        unsafe {
            ((*(*raw)).v1_1.DetachCurrentThread)(raw);
        }
    }
}

/// Runs `work` on the JNI thread and waits for its result. A panic inside becomes an error.
pub(super) fn run<T: Send + 'static>(
    work: impl FnOnce(&mut Env<'_>) -> Result<T, StorageError> + Send + 'static,
) -> Result<T, StorageError> {
    let (reply_tx, reply_rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move |env| {
        let result = catch_unwind(AssertUnwindSafe(|| work(env))).unwrap_or_else(|_| {
            Err(StorageError::Unavailable(
                "the keystore operation panicked".into(),
            ))
        });
        let _ = reply_tx.send(result);
    });
    worker()?
        .jobs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(job)
        .map_err(|_| StorageError::Unavailable("the keystore thread is gone".into()))?;
    reply_rx
        .recv()
        .map_err(|_| StorageError::Unavailable("the keystore thread dropped a call".into()))?
}

/// Runs `work` on the calling thread, which the VM already knows (a Kotlin thread calling in
/// through JNA): where class lookups see the app's class loader.
pub(super) fn on_caller_thread<T>(
    work: impl FnOnce(&mut Env<'_>) -> Result<T, StorageError>,
) -> Result<T, StorageError> {
    let vm = java_vm()?;
    vm.attach_current_thread_for_scope(|env| -> Result<T, JniOrStorage> {
        work(env).map_err(JniOrStorage::Storage)
    })
    .map_err(|e| match e {
        JniOrStorage::Storage(e) => e,
        JniOrStorage::Jni(e) => StorageError::Unavailable(format!("JNI: {e}")),
    })
}

/// Error type for `attach_current_thread*` callbacks (it must convert from jni's errors).
enum JniOrStorage {
    Jni(jni::errors::Error),
    Storage(StorageError),
}

impl From<jni::errors::Error> for JniOrStorage {
    fn from(e: jni::errors::Error) -> Self {
        Self::Jni(e)
    }
}
