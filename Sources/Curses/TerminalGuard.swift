import CNCurses
import Dispatch
import Glibc

/// The self-pipe signal handlers write to; created before any handler is installed.
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    return (fds[0], fds[1])
}()

/// Restores the terminal on every way out of the process.
///
/// - Normal exit: ``CursesTerminal/stop()`` (call it in a `defer`, so a thrown
///   error restores too); an `atexit` handler restores if it was never called.
/// - SIGINT, SIGTERM, SIGHUP: the first signal is handed to the main queue,
///   which calls ``onSignal`` so the app can quit cleanly (without a hook,
///   SIGINT arrives as `.key(.ctrl("c"))` in the event stream and SIGTERM/SIGHUP
///   restore the terminal and end the process). If the same signal comes again
///   before the main queue got to the first one, the handler itself restores the
///   terminal (`endwin`) and re-raises the signal with its default action.
/// - While the terminal is suspended for another program (an editor), Ctrl-C
///   belongs to that program: SIGINT is neither reported nor acted on.
/// - A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP): the handler restores the
///   terminal, then hands the signal to the action it had before (the Swift runtime's
///   backtracer or the default), so the crash report lands on a usable terminal, and the
///   process ends of the signal.
@MainActor
public enum TerminalGuard {
    /// Called on the main actor with the signal number of SIGINT, SIGTERM or SIGHUP.
    public static var onSignal: ((Int32) -> Void)?
    /// Called when SIGINT arrives and there is no ``onSignal`` hook.
    static var onInterrupt: (() -> Void)?

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private static var source: (any DispatchSourceRead)?
    private static var exitHandlerInstalled = false
    private static var interruptsPassedOn = false

    /// Installs the signal handlers and the exit handler; calling it again does nothing.
    public static func install() {
        guard source == nil else { return }
        let fd = signalPipe.read
        if !exitHandlerInstalled {
            exitHandlerInstalled = true
            atexit { TerminalGuard.restoreNow() }
        }
        guard fd >= 0 else {
            for sig in signals { signal(sig, hardHandler) }
            return
        }
        let readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .main)
        readSource.setEventHandler {
            MainActor.assumeIsolated { TerminalGuard.drainSignals() }
        }
        readSource.resume()
        source = readSource
        for sig in signals { signal(sig, softHandler) }
        installCrashHandlers()
        if interruptsPassedOn { signal(SIGINT, quietHandler) }
    }

    /// Puts the default signal actions back (after the terminal was restored).
    public static func uninstall() {
        interruptsPassedOn = false
        for sig in signals { signal(sig, SIG_DFL) }
        uninstallCrashHandlers()
        source?.cancel()
        source = nil
    }

    /// While another program has the terminal (see ``CursesTerminal/suspend()``), Ctrl-C belongs to it.
    ///
    /// SIGINT is then caught by a handler that does nothing (a caught signal,
    /// unlike an ignored one, is reset to its default in programs started meanwhile).
    static func setInterruptsPassedOn(_ passedOn: Bool) {
        interruptsPassedOn = passedOn
        guard source != nil else { return }
        signal(SIGINT, passedOn ? quietHandler : softHandler)
    }

    /// Leaves curses mode if it is active; safe to call at any time, from any thread, repeatedly.
    public nonisolated static func restoreNow() {
        if !isendwin() { endwin() }
    }

    private static func drainSignals() {
        var byte: UInt8 = 0
        while read(signalPipe.read, &byte, 1) == 1 {
            let sig = Int32(byte)
            // Handled on the main queue: the next signal again takes the soft path.
            signal(sig, sig == SIGINT && interruptsPassedOn ? quietHandler : softHandler)
            if let onSignal {
                onSignal(sig)
            } else if sig == SIGINT, let onInterrupt {
                onInterrupt()
            } else {
                restoreNow()
                die(of: sig)
            }
        }
    }

    /// Ends the process with the default action of `sig`, as if it had not been caught.
    ///
    /// The main queue may run on a thread that blocks the signal, so it is
    /// unblocked first; should the default action not end the process, exit anyway.
    private static func die(of sig: Int32) -> Never {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        signal(sig, SIG_DFL)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
        _exit(128 + sig)
    }
}

extension TerminalGuard {
    /// Catches the crash signals, remembering each one's previous action.
    fileprivate static func installCrashHandlers() {
        guard !crashHandlersInstalled else { return }
        crashHandlersInstalled = true
        for (index, sig) in crashSignals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = crashHandler
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, previousCrashActions + index)
        }
    }

    /// Puts the crash signals' previous actions back.
    fileprivate static func uninstallCrashHandlers() {
        guard crashHandlersInstalled else { return }
        crashHandlersInstalled = false
        for (index, sig) in crashSignals.enumerated() {
            sigaction(sig, previousCrashActions + index, nil)
        }
    }
}

/// Signals that mean the process is crashing; their order indexes ``previousCrashActions``.
private let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

/// Whether ``crashHandler`` is installed (main actor only).
@MainActor private var crashHandlersInstalled = false

/// The crash signals' actions from before ours. Written on the main actor while our handlers are
/// not installed, read by ``crashHandler``: a signal handler can reach no actor or lock, hence
/// a raw buffer that lives as long as the process.
nonisolated(unsafe) private let previousCrashActions: UnsafeMutablePointer<sigaction> = {
    let buffer = UnsafeMutablePointer<sigaction>.allocate(capacity: 6)
    buffer.initialize(repeating: sigaction(), count: 6)
    return buffer
}()

/// Index of `sig` in ``crashSignals`` without touching the array (signal context).
private func crashSignalIndex(_ sig: Int32) -> Int {
    switch sig {
    case SIGSEGV: return 0
    case SIGBUS: return 1
    case SIGILL: return 2
    case SIGFPE: return 3
    case SIGABRT: return 4
    case SIGTRAP: return 5
    default: return -1
    }
}

/// A crash: previous action back first (a fault in what follows goes there), restore the
/// terminal, then raise the signal again with the previous action (the Swift runtime's
/// backtracer prints its report there); should that action return, as it does for a signal sent
/// with `kill`, the default action ends the process.
private let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { sig, _, _ in
    let index = crashSignalIndex(sig)
    if index >= 0 {
        sigaction(sig, previousCrashActions + index, nil)
    } else {
        signal(sig, SIG_DFL)
    }
    SignalSafeRestore.restore()
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, sig)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    raise(sig)
    signal(sig, SIG_DFL)
    raise(sig)
    _exit(128 + sig)
}

/// First signal: tell the main queue and arm the hard path for a repeat.
private let softHandler: @convention(c) (Int32) -> Void = { sig in
    var byte = UInt8(truncatingIfNeeded: sig)
    if write(signalPipe.write, &byte, 1) != 1 {
        hardHandler(sig)
        return
    }
    signal(sig, hardHandler)
}

/// What a signal handler needs to give the shell its terminal back without calling into curses
/// (`endwin` is not async-signal-safe: a crash signal can land in the middle of a refresh, and
/// `endwin` then faults in its turn, leaving the terminal raw). Captured when curses starts;
/// read only by handlers, through raw memory that lives as long as the process.
private enum SignalSafeRestore {
    /// The terminal's file descriptor (-1: nothing captured).
    nonisolated(unsafe) static var fd: Int32 = -1
    /// The shell's modes from before curses changed them.
    nonisolated(unsafe) static let modes: UnsafeMutablePointer<termios> = {
        let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        pointer.initialize(to: termios())
        return pointer
    }()
    /// Bytes that reset attributes, show the cursor and leave the alternate screen.
    nonisolated(unsafe) static let leave: UnsafeMutablePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }()
    nonisolated(unsafe) static var leaveLength = 0
    static let capacity = 256

    /// Only `write` and `tcsetattr`: both async-signal-safe.
    static func restore() {
        guard fd >= 0 else { return }
        _ = write(fd, leave, leaveLength)
        _ = tcsetattr(fd, TCSANOW, modes)
    }
}

extension TerminalGuard {
    /// Remembers the shell's modes of the terminal `fd`, before curses changes them.
    static func rememberShellModes(fd: Int32) {
        guard tcgetattr(fd, SignalSafeRestore.modes) == 0 else { return }
        SignalSafeRestore.fd = fd
    }

    /// Remembers the terminal's sequences for leaving curses' screen (once curses knows the
    /// terminal's capabilities).
    static func rememberLeaveSequence() {
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        let count = min(bytes.count, SignalSafeRestore.capacity)
        for i in 0..<count { SignalSafeRestore.leave[i] = bytes[i] }
        SignalSafeRestore.leaveLength = count
    }
}

/// SIGINT while another program owns the terminal: nothing to do.
private let quietHandler: @convention(c) (Int32) -> Void = { _ in }

/// Repeated signal (or no main queue to tell): restore the terminal and die of the signal.
private let hardHandler: @convention(c) (Int32) -> Void = { sig in
    SignalSafeRestore.restore()
    signal(sig, SIG_DFL)
    raise(sig)
}
