fn main() -> std::process::ExitCode {
    hark::main()
}
