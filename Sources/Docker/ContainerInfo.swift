/// What `GET /containers/{id}/json` says about a container: who it belongs to and whether it runs.
public struct ContainerInfo: Sendable, Equatable, Decodable {
    /// The full container id (64 hex digits).
    public var id: String
    /// The container's name as the daemon keeps it (with its leading `/`).
    public var name: String
    /// The labels it was created with (`Config.Labels`); labels cannot change after creation.
    public var labels: [String: String]
    /// Whether its main process runs (`State.Running`).
    public var running: Bool
    /// The daemon's word for its state: `running`, `exited`, `created`, … (`State.Status`).
    public var status: String
    /// Whether it has a terminal (`Config.Tty`): its logs are then one raw stream, not frames.
    public var tty: Bool = false
    /// When its main process last started (`State.StartedAt`, RFC 3339), empty if never.
    public var startedAt: String = ""
    /// The exit code of its last run (`State.ExitCode`).
    public var exitCode: Int = 0
    /// When its main process last ended (`State.FinishedAt`, RFC 3339), empty if never.
    public var finishedAt: String = ""
    /// How many times the daemon restarted it under its restart policy (`RestartCount`; a
    /// `docker restart` does not count).
    public var restartCount: Int = 0

    /// Creates a record.
    public init(id: String, name: String = "", labels: [String: String] = [:], running: Bool = true,
                status: String = "running") {
        self.id = id
        self.name = name
        self.labels = labels
        self.running = running
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", config = "Config", state = "State", restartCount = "RestartCount"
    }
    private enum ConfigKeys: String, CodingKey { case labels = "Labels", tty = "Tty" }
    private enum StateKeys: String, CodingKey {
        case running = "Running", status = "Status", startedAt = "StartedAt", exitCode = "ExitCode", finishedAt = "FinishedAt"
    }

    /// Decodes the daemon's JSON; `Config.Labels` may be null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        restartCount = try c.decodeIfPresent(Int.self, forKey: .restartCount) ?? 0
        if c.contains(.config), !(try c.decodeNil(forKey: .config)) {
            let config = try c.nestedContainer(keyedBy: ConfigKeys.self, forKey: .config)
            labels = try config.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
            tty = try config.decodeIfPresent(Bool.self, forKey: .tty) ?? false
        } else {
            labels = [:]
        }
        if c.contains(.state), !(try c.decodeNil(forKey: .state)) {
            let state = try c.nestedContainer(keyedBy: StateKeys.self, forKey: .state)
            running = try state.decodeIfPresent(Bool.self, forKey: .running) ?? false
            status = try state.decodeIfPresent(String.self, forKey: .status) ?? (running ? "running" : "unknown")
            startedAt = try state.decodeIfPresent(String.self, forKey: .startedAt) ?? ""
            exitCode = try state.decodeIfPresent(Int.self, forKey: .exitCode) ?? 0
            finishedAt = try state.decodeIfPresent(String.self, forKey: .finishedAt) ?? ""
        } else {
            running = false
            status = "unknown"
        }
    }
}
