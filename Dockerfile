# Build: docker build -t external-endpoint-sync .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ExternalEndpointSync/ExternalEndpointSync.csproj src/ExternalEndpointSync/
RUN dotnet restore src/ExternalEndpointSync/ExternalEndpointSync.csproj
COPY src/ src/
RUN dotnet publish src/ExternalEndpointSync/ExternalEndpointSync.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY config/ /app/config/
# The non-root user of the .NET images; the API server is reached through the service account.
USER $APP_UID
ENTRYPOINT ["dotnet", "ExternalEndpointSync.dll"]
CMD ["sync", "--once", "--config", "/etc/external-endpoint-sync/config.yaml"]
