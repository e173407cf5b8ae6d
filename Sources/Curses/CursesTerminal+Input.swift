import CNCurses
import Dispatch
import Glibc
import Screen

extension CursesTerminal {
    /// Returns the stream of keys, mouse events and resizes; a new call ends the previous stream.
    ///
    /// The stream finishes when the terminal is stopped.
    public func events() -> AsyncStream<InputEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: InputEvent.self, bufferingPolicy: .unbounded)
        self.continuation?.finish()
        self.continuation = continuation
        guard !isStopped else {
            continuation.finish()
            return stream
        }
        startSources()
        return stream
    }

    func emit(_ event: InputEvent) {
        continuation?.yield(event)
    }

    private func startSources() {
        if inputSource == nil {
            let source = DispatchSource.makeReadSource(fileDescriptor: ttyDescriptor, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated { self?.drainInput() }
            }
            inputSource = source
            if isSuspended {
                // Created while suspended: stays paused until resume() balances it.
                source.suspend()
            }
            source.resume()
        }
        if resizeSource == nil {
            let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated { self?.checkSize() }
            }
            resizeSource = source
            source.resume()
        }
    }

    /// Reads every pending key without blocking and emits the decoded events.
    func drainInput() {
        guard !isStopped, !isSuspended else { return }
        while true {
            var value: wint_t = 0
            let status = wget_wch(window, &value)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                let code = Int32(bitPattern: value)
                switch code {
                case KEY_RESIZE:
                    checkSize()
                case KEY_MOUSE:
                    if let mouse = readMouse() { emit(.mouse(mouse)) }
                default:
                    if let key = KeyDecoder.decode(keyCode: code) { emit(.key(key)) }
                }
            } else if let key = KeyDecoder.decode(character: value) {
                emit(.key(key))
            }
        }
    }

    /// Asks the tty for its size; on a change resizes curses and emits `.resize`.
    func checkSize() {
        guard !isStopped, !isSuspended else { return }
        var rows: Int32 = 0
        var cols: Int32 = 0
        if poddeck_window_size(ttyDescriptor, &rows, &cols) == 0,
           rows != getmaxy(window) || cols != getmaxx(window) {
            resize_term(rows, cols)
        }
        let current = Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
        size = current
        guard current != lastReportedSize else { return }
        lastReportedSize = current
        needsFullRepaint = true
        clearok(window, true)
        emit(.resize(current))
    }

    private func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let kind: MouseEvent.Kind
        switch poddeck_mouse_kind(event.bstate) {
        case 1: kind = .press(.left)
        case 2: kind = .press(.middle)
        case 3: kind = .press(.right)
        case 4: kind = .release
        case 5: kind = .wheelUp
        case 6: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(x: Int(event.x), y: Int(event.y), kind: kind)
    }
}
