use clap::Parser;
use tracetrack_server::cli::{self, Cli, Command};
use tracetrack_server::{Application, Settings, seed, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi { output } = cli.command {
        return cli::openapi(output);
    }
    let settings = Settings::from_env()?;
    telemetry::init(settings.log_format);
    match cli.command {
        Command::Serve => {
            let application = Application::build(settings.clone()).await?;
            println!("TraceTrack is running at http://127.0.0.1:{}/ (API docs: /api/docs/)", application.port());
            application.run_until_stopped().await
        }
        Command::Migrate => cli::migrate(&settings).await,
        Command::Healthcheck => cli::healthcheck(&settings).await,
        Command::Seed { parents, bills } => seed::run(&settings, parents, bills).await,
        Command::CreateUser { username, role, area } => {
            let env = std::env::var("TRACETRACK_NEW_USER_PASSWORD").ok();
            let password = cli::new_user_password(env, std::io::stdin().lock())?;
            cli::create_user(&settings, &username, role, area.as_deref(), &password).await
        }
        Command::Openapi { .. } => Ok(()),
    }
}
